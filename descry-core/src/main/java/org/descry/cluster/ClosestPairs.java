package org.descry.cluster;

import java.util.Arrays;
import org.descry.data.FloatMatrix;
import org.descry.data.Workers;
import org.descry.linalg.Kernels;

/**
 * The closest pair of rows between every two components, as scikit-learn's {@code _fix_connected_components}
 * picks it: for components {@code i > j}, the first minimum of {@code pairwise_distances(X_i, X_j)} in row-major
 * order (rows of {@code i}, then of {@code j}, each by increasing index).
 *
 * <p>Every pair of rows of different components is a candidate, {@code (n² - Σ n_c²) / 2} distances: the
 * squared distances come from float32 dot-product tiles ({@code ||p||² + ||q||² - 2 p·q},
 * {@link Kernels#multiplyTransposed}), and every pair within a float rounding margin of the least is recomputed
 * exactly in double ({@code (d + 4) 2⁻²³ (||p||² + ||q||²)} bounds the float32 error), so the winner is the
 * exact closest pair. scikit-learn ranks by its float64-upcast expansion
 * rounded to float32, so where two pairs tie at float32 precision it may take the other one.
 */
final class ClosestPairs {

    private static final int BLOCK_P = 256;
    private static final int BLOCK_Q = 2048;

    private ClosestPairs() {}

    /**
     * For the components {@code c} holding rows {@code [start[c], start[c+1])} of {@code rows}, the closest pair
     * {@code (p << 32) | q} (positions in {@code rows}) of every pair {@code i > j}, in the order
     * {@code (1,0), (2,0), (2,1), (3,0) ...}.
     */
    static long[] between(FloatMatrix rows, int[] start, int nc, int threads) {
        int d = rows.cols();
        float margin = (d + 4) * 0x1p-23f;
        float[] norms = Kernels.best().withThreads(threads).rowSquaredNorms(rows);
        int pairs = nc * (nc - 1) / 2;
        int[] pairI = new int[pairs];
        int[] pairJ = new int[pairs];
        int[] firstTask = new int[pairs + 1];
        int t = 0;
        int q = 0;
        for (int i = 0; i < nc; i++) {
            for (int j = 0; j < i; j++) {
                pairI[q] = i;
                pairJ[q] = j;
                firstTask[q] = t;
                t += (start[i + 1] - start[i] + BLOCK_P - 1) / BLOCK_P;
                q++;
            }
        }
        firstTask[pairs] = t;
        int tasks = t;
        int[] taskPair = new int[tasks];
        for (int p = 0; p < pairs; p++) {
            Arrays.fill(taskPair, firstTask[p], firstTask[p + 1], p);
        }
        double[] bestD = new double[tasks];
        long[] bestPq = new long[tasks];
        Kernels kernels = Kernels.best().withThreads(1);
        int workers = Workers.workers(threads, tasks);
        float[][] tiles = new float[workers][BLOCK_P * BLOCK_Q];
        Workers.forEach(threads, tasks, (w, task) -> {
            int pair = taskPair[task];
            int ci = pairI[pair];
            int cj = pairJ[pair];
            int p0 = start[ci] + (task - firstTask[pair]) * BLOCK_P;
            int p1 = Math.min(start[ci + 1], p0 + BLOCK_P);
            float[] tile = tiles[w];
            float best = Float.POSITIVE_INFINITY;
            int[] candP = new int[64];
            int[] candQ = new int[64];
            float[] candV = new float[64];
            int nCand = 0;
            for (int q0 = start[cj]; q0 < start[cj + 1]; q0 += BLOCK_Q) {
                int q1 = Math.min(start[cj + 1], q0 + BLOCK_Q);
                int width = q1 - q0;
                kernels.multiplyTransposed(rows, p0, p1, rows, q0, q1, tile);
                for (int p = p0; p < p1; p++) {
                    int o = (p - p0) * width;
                    float np = norms[p];
                    for (int qq = q0; qq < q1; qq++) {
                        float v = np + norms[qq] - 2 * tile[o + qq - q0];
                        if (v <= best + margin * (np + norms[qq])) {
                            if (v < best) {
                                best = v;
                            }
                            if (nCand == candP.length) {
                                candP = Arrays.copyOf(candP, nCand * 2);
                                candQ = Arrays.copyOf(candQ, nCand * 2);
                                candV = Arrays.copyOf(candV, nCand * 2);
                            }
                            candP[nCand] = p;
                            candQ[nCand] = qq;
                            candV[nCand++] = v;
                        }
                    }
                }
            }
            double exact = Double.POSITIVE_INFINITY;
            long pq = -1;
            float[] a = new float[d];
            float[] b = new float[d];
            for (int c = 0; c < nCand; c++) {
                if (candV[c] > best + margin * (norms[candP[c]] + norms[candQ[c]])) {
                    continue;
                }
                rows.copyRow(candP[c], a, 0);
                rows.copyRow(candQ[c], b, 0);
                double s = 0;
                for (int f = 0; f < d; f++) {
                    double diff = (double) a[f] - b[f];
                    s += diff * diff;
                }
                long key = ((long) candP[c] << 32) | candQ[c];
                if (s < exact || (s == exact && key < pq)) {
                    exact = s;
                    pq = key;
                }
            }
            bestD[task] = exact;
            bestPq[task] = pq;
        });
        long[] out = new long[pairs];
        for (int p = 0; p < pairs; p++) {
            int w = firstTask[p];
            for (int task = firstTask[p] + 1; task < firstTask[p + 1]; task++) {
                if (bestD[task] < bestD[w]) {
                    w = task;
                }
            }
            out[p] = bestPq[w];
        }
        return out;
    }
}
