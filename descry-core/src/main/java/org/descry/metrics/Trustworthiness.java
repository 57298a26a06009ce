package org.descry.metrics;

import java.util.concurrent.atomic.AtomicLong;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSample;
import org.descry.data.Workers;
import org.descry.linalg.Kernels;

/**
 * How far the {@code k} nearest neighbours of each row in an embedding are also near in the original space
 * (Venna and Kaski 2001), as scikit-learn 1.2's {@code sklearn.manifold.trustworthiness(X, X_embedded,
 * n_neighbors=k)} with the Euclidean metric:
 * <pre>T(k) = 1 - 2 / (n k (2n - 3k - 1)) * sum_i sum_{j in N_k^emb(i)} max(0, r(i, j) - k)</pre>
 * where {@code r(i, j)} is the rank of {@code j} among the rows ordered by distance from {@code i} in the
 * original space (1 for the nearest, {@code i} itself left out) and {@code N_k^emb(i)} are the {@code k}
 * nearest rows of {@code i} in the embedding, itself left out. Distances are compared in float32 from
 * {@link Kernels#multiplyTransposed} tiles and, where two are within rounding of each other, recomputed in double;
 * equal distances rank by row index (scikit-learn's {@code argsort} leaves their order unspecified).
 *
 * <p>{@link #of} is exact: every row's distances to all rows, in blocks of {@link Kernels#multiplyTransposed}
 * tiles, {@code O(n² d)} time and no {@code n x n} matrix; about a second for 8,240 x 100 on 2 cores, and fine
 * up to about 20,000 rows. {@link #sampled} averages the same per-row term over {@code m} rows drawn without
 * replacement by a seed (neighbours and ranks still against all {@code n} rows), an unbiased estimate of
 * {@code T(k)} in {@code O(m n d)} time whose standard error shrinks like {@code 1 / sqrt(m)}.
 */
public final class Trustworthiness {

    private static final int CHUNK = 4096;
    /** Bound on the rounding of a float32 {@code |a|^2 + |b|^2 - 2 a.b} relative to {@code |a|^2 + |b|^2}. */
    private static final float SLACK = 1e-5f;

    private Trustworthiness() {}

    /** Exact {@code T(k)} over all rows. */
    public static double of(FloatMatrix x, FloatMatrix embedded, int k) {
        return compute(x, embedded, k, null, Progress.NONE);
    }

    /** Exact {@code T(k)} over all rows, reporting rows done. */
    public static double of(FloatMatrix x, FloatMatrix embedded, int k, Progress progress) {
        return compute(x, embedded, k, null, progress);
    }

    /**
     * {@code T(k)} estimated on {@code samples} rows drawn without replacement with {@code seed}; exact when
     * {@code samples >= n}.
     */
    public static double sampled(FloatMatrix x, FloatMatrix embedded, int k, int samples, long seed) {
        int n = x.rows();
        if (samples < 1) {
            throw new DescryException("samples must be >= 1, got " + samples);
        }
        if (samples >= n) {
            return compute(x, embedded, k, null, Progress.NONE);
        }
        return compute(x, embedded, k, RowSample.sorted(n, samples, seed), Progress.NONE);
    }

    private static double compute(FloatMatrix x, FloatMatrix y, int k, int[] queryRows, Progress progress) {
        int n = x.rows();
        if (y.rows() != n) {
            throw new DescryException("embedding has " + y.rows() + " rows, the data " + n);
        }
        if (k < 1 || k >= n / 2.0) {
            throw new DescryException("n_neighbors (" + k + ") should be less than n_samples / 2 (" + n / 2.0
                    + ") and >= 1");
        }
        int m = queryRows == null ? n : queryRows.length;
        int d = x.cols();
        int e = y.cols();
        float[] yv = y.toArray();
        float[] norms = Kernels.best().rowSquaredNorms(x);
        int block = Math.max(1, Math.min(64, (1 << 22) / n));
        int tasks = (m + block - 1) / block;
        int threads = Runtime.getRuntime().availableProcessors();
        int workers = Workers.workers(threads, tasks);
        long[] sums = new long[tasks];
        AtomicLong done = new AtomicLong();
        FloatMatrix q = queryRows == null ? x : gather(x, queryRows);
        float[] qNorms = queryRows == null ? norms : Kernels.best().rowSquaredNorms(q);
        Kernels kernels = Kernels.best().withThreads(1);
        float[][] dist = new float[workers][];
        float[][] tile = new float[workers][];
        float[][] qRow = new float[workers][d];
        float[][] xRow = new float[workers][d];
        Workers.forEach(threads, tasks, (w, t) -> {
            if (dist[w] == null) {
                dist[w] = new float[block * n];
                tile[w] = new float[block * CHUNK];
            }
            float[] dd = dist[w];
            float[] tl = tile[w];
            int r0 = t * block;
            int r1 = Math.min(m, r0 + block);
            int rows = r1 - r0;
            for (int c0 = 0; c0 < n; c0 += CHUNK) {
                int c1 = Math.min(n, c0 + CHUNK);
                int cw = c1 - c0;
                kernels.multiplyTransposed(q, r0, r1, x, c0, c1, tl);
                for (int r = 0; r < rows; r++) {
                    float qn = qNorms[r0 + r];
                    int base = r * n;
                    for (int c = 0; c < cw; c++) {
                        dd[base + c0 + c] = qn + norms[c0 + c] - 2f * tl[r * cw + c];
                    }
                }
            }
            int[] nbr = new int[k];
            double[] nd = new double[k];
            long s = 0;
            for (int r = 0; r < rows; r++) {
                int i = queryRows == null ? r0 + r : queryRows[r0 + r];
                embeddedNeighbours(yv, e, n, i, k, nbr, nd);
                int base = r * n;
                float[] qi = qRow[w];
                q.copyRow(r0 + r, qi, 0);
                for (int a = 0; a < k; a++) {
                    int j = nbr[a];
                    float dj = dd[base + j];
                    double exactJ = exact(qi, x, j, xRow[w]);
                    int rank = 1;
                    for (int l = 0; l < n; l++) {
                        if (l == i) {
                            continue;
                        }
                        float dl = dd[base + l];
                        float margin = SLACK * (qNorms[r0 + r] + norms[l] + norms[j]);
                        if (dl < dj - margin) {
                            rank++;
                        } else if (dl <= dj + margin) {
                            double exactL = exact(qi, x, l, xRow[w]);
                            if (exactL < exactJ || (exactL == exactJ && l < j)) {
                                rank++;
                            }
                        }
                    }
                    if (rank > k) {
                        s += rank - k;
                    }
                }
            }
            sums[t] = s;
            progress.step(done.addAndGet(rows), m);
        });
        double total = 0;
        for (long s : sums) {
            total += s;
        }
        return 1.0 - total * (2.0 / ((double) m * k * (2.0 * n - 3.0 * k - 1.0)));
    }

    private static double exact(float[] a, FloatMatrix x, int j, float[] row) {
        x.copyRow(j, row, 0);
        double s = 0;
        for (int c = 0; c < row.length; c++) {
            double t = (double) a[c] - row[c];
            s += t * t;
        }
        return s;
    }

    /** The {@code k} nearest rows of {@code i} in the embedding (itself left out), ties by index. */
    private static void embeddedNeighbours(float[] y, int e, int n, int i, int k, int[] nbr, double[] nd) {
        int filled = 0;
        int io = i * e;
        for (int j = 0; j < n; j++) {
            if (j == i) {
                continue;
            }
            double s = 0;
            int jo = j * e;
            for (int c = 0; c < e; c++) {
                double t = (double) y[io + c] - y[jo + c];
                s += t * t;
            }
            if (filled < k) {
                int p = filled++;
                while (p > 0 && nd[p - 1] > s) {
                    nd[p] = nd[p - 1];
                    nbr[p] = nbr[p - 1];
                    p--;
                }
                nd[p] = s;
                nbr[p] = j;
            } else if (s < nd[k - 1]) {
                int p = k - 1;
                while (p > 0 && nd[p - 1] > s) {
                    nd[p] = nd[p - 1];
                    nbr[p] = nbr[p - 1];
                    p--;
                }
                nd[p] = s;
                nbr[p] = j;
            }
        }
    }

    private static FloatMatrix gather(FloatMatrix x, int[] rows) {
        int d = x.cols();
        float[] out = new float[rows.length * d];
        for (int r = 0; r < rows.length; r++) {
            x.copyRow(rows[r], out, r * d);
        }
        return FloatMatrix.wrap(out, rows.length, d);
    }
}
