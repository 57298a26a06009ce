package org.descry.cluster;

import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.linalg.Kernels;

/**
 * Elkan's k-means (Elkan 2003, "Using the triangle inequality to accelerate k-means") as scikit-learn 1.2's
 * {@code _kmeans_single_elkan}: per row an upper bound on the distance to its centre and a lower bound on the
 * distance to every centre ({@code n x k} floats), so most exact distances are skipped once centres settle.
 * It computes the same labels, centres and iteration count as {@link Lloyd} (up to float32 rounding of exact
 * versus expanded distances at near-ties); it pays where Lloyd's full distance matrix dominates, that is for
 * large {@code k}. Row updates and relocation of empty clusters are shared with {@link Lloyd}.
 */
final class Elkan {

    private Elkan() {}

    static Lloyd.Result run(FloatMatrix x, float[] init, int k, int maxIter, double tol, Kernels kernels,
            int threads, Progress progress) {
        int n = x.rows();
        int d = x.cols();
        Kernels row = kernels.withThreads(1);
        float[] centres = init.clone();
        int[] labels = new int[n];
        float[] upper = new float[n];
        float[] lower = new float[n * k];
        float[] half = halfDistances(centres, k, d);
        float[] next = nextCentre(half, k);
        float[] initHalf = half;
        forBlocks(x, threads, (buf, r0, rows) -> {
            for (int r = 0; r < rows; r++) {
                initBounds(row, buf, r * d, r0 + r, centres, k, d, initHalf, labels, upper, lower);
            }
        });
        boolean strict = false;
        int i = 0;
        for (; i < maxIter; i++) {
            Lloyd.Sums s = iterate(x, centres, k, half, next, labels, upper, lower, row, threads, true);
            float[] updated = Lloyd.newCentres(x, s, centres, labels, k, kernels, threads);
            float[] shift = new float[k];
            double shiftTotal = 0;
            for (int j = 0; j < k; j++) {
                float v = (float) Math.sqrt(row.squaredDistance(centres, j * d, updated, j * d, d));
                shift[j] = v;
                shiftTotal += (double) v * v;
            }
            for (int r = 0; r < n; r++) {
                upper[r] += shift[labels[r]];
                int o = r * k;
                for (int j = 0; j < k; j++) {
                    lower[o + j] = Math.max(0f, lower[o + j] - shift[j]);
                }
            }
            System.arraycopy(updated, 0, centres, 0, centres.length);
            half = halfDistances(centres, k, d);
            next = nextCentre(half, k);
            progress.step(i + 1, maxIter);
            if (i > 0 && s.changed() == 0) {
                strict = true;
                break;
            }
            if (shiftTotal <= tol) {
                break;
            }
        }
        int nIter = Math.min(i + 1, maxIter);
        if (!strict) {
            iterate(x, centres, k, half, next, labels, upper, lower, row, threads, false);
        }
        double inertia = Lloyd.inertia(x, centres, labels, kernels, threads);
        return new Lloyd.Result(centres, labels, inertia, nIter);
    }

    @FunctionalInterface
    private interface BlockBody {
        void visit(float[] buf, int r0, int rows);
    }

    private static void forBlocks(FloatMatrix x, int threads, BlockBody body) {
        int n = x.rows();
        int d = x.cols();
        int br = NearestCentre.blockRows(d);
        int tasks = (n + br - 1) / br;
        Workers.forEach(threads, tasks, t -> {
            int r0 = t * br;
            int r1 = Math.min(n, r0 + br);
            float[] buf = new float[(r1 - r0) * d];
            x.copyRows(r0, r1, buf, 0);
            body.visit(buf, r0, r1 - r0);
        });
    }

    private static float distance(Kernels row, float[] buf, int off, float[] centres, int j, int d) {
        return (float) Math.sqrt(row.squaredDistance(buf, off, centres, j * d, d));
    }

    /** scikit-learn's {@code init_bounds_dense}: skip centres that cannot be closer by the half-distance test. */
    private static void initBounds(Kernels row, float[] buf, int off, int i, float[] centres, int k, int d,
            float[] half, int[] labels, float[] upper, float[] lower) {
        int best = 0;
        float min = distance(row, buf, off, centres, 0, d);
        lower[i * k] = min;
        for (int j = 1; j < k; j++) {
            if (min > half[best * k + j]) {
                float dist = distance(row, buf, off, centres, j, d);
                lower[i * k + j] = dist;
                if (dist < min) {
                    min = dist;
                    best = j;
                }
            }
        }
        labels[i] = best;
        upper[i] = min;
    }

    /** scikit-learn's {@code elkan_iter_chunked_dense} without the bound update (done by the caller). */
    private static Lloyd.Sums iterate(FloatMatrix x, float[] centres, int k, float[] half, float[] next,
            int[] labels, float[] upper, float[] lower, Kernels row, int threads, boolean update) {
        int n = x.rows();
        int d = x.cols();
        int br = NearestCentre.blockRows(d);
        int blocks = (n + br - 1) / br;
        int chunks = Lloyd.chunks(blocks, k, d);
        double[][] chunkSums = new double[chunks][];
        long[] counts = new long[chunks * k];
        long[] changed = new long[chunks];
        Workers.forEach(threads, chunks, c -> {
            int b0 = (int) ((long) blocks * c / chunks);
            int b1 = (int) ((long) blocks * (c + 1) / chunks);
            double[] sums = update ? new double[k * d] : null;
            float[] buf = new float[br * d];
            long ch = 0;
            for (int b = b0; b < b1; b++) {
                int r0 = b * br;
                int r1 = Math.min(n, r0 + br);
                x.copyRows(r0, r1, buf, 0);
                for (int r = 0; r < r1 - r0; r++) {
                    int i = r0 + r;
                    int off = r * d;
                    int label = labels[i];
                    float ub = upper[i];
                    if (!(next[label] >= ub)) {
                        boolean tight = false;
                        for (int j = 0; j < k; j++) {
                            if (j != label && ub > lower[i * k + j] && ub > half[label * k + j]) {
                                if (!tight) {
                                    ub = distance(row, buf, off, centres, label, d);
                                    lower[i * k + label] = ub;
                                    tight = true;
                                }
                                if (ub > lower[i * k + j] && ub > half[label * k + j]) {
                                    float dist = distance(row, buf, off, centres, j, d);
                                    lower[i * k + j] = dist;
                                    if (dist < ub) {
                                        label = j;
                                        ub = dist;
                                    }
                                }
                            }
                        }
                        if (label != labels[i]) {
                            ch++;
                        }
                        labels[i] = label;
                        upper[i] = ub;
                    }
                    if (update) {
                        counts[c * k + label]++;
                        int o = label * d;
                        for (int q = 0; q < d; q++) {
                            sums[o + q] += buf[off + q];
                        }
                    }
                }
            }
            chunkSums[c] = sums;
            changed[c] = ch;
        });
        long[] total = new long[k];
        long ch = 0;
        double[] sums = chunkSums[0];
        for (int c = 0; c < chunks; c++) {
            if (c > 0 && update) {
                double[] s = chunkSums[c];
                for (int q = 0; q < sums.length; q++) {
                    sums[q] += s[q];
                }
            }
            for (int j = 0; j < k; j++) {
                total[j] += counts[c * k + j];
            }
            ch += changed[c];
        }
        return new Lloyd.Sums(sums, total, ch);
    }

    /** Half the distance between every pair of centres, {@code k x k}. */
    static float[] halfDistances(float[] centres, int k, int d) {
        float[] half = new float[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                double s = 0;
                for (int q = 0; q < d; q++) {
                    double v = (double) centres[a * d + q] - centres[b * d + q];
                    s += v * v;
                }
                float h = (float) (Math.sqrt(s) / 2);
                half[a * k + b] = h;
                half[b * k + a] = h;
            }
        }
        return half;
    }

    /** For each centre, half the distance to its nearest other centre ({@code +Inf} when {@code k = 1}). */
    static float[] nextCentre(float[] half, int k) {
        float[] next = new float[k];
        for (int a = 0; a < k; a++) {
            float m = Float.POSITIVE_INFINITY;
            for (int b = 0; b < k; b++) {
                if (b != a) {
                    m = Math.min(m, half[a * k + b]);
                }
            }
            next[a] = m;
        }
        return next;
    }
}
