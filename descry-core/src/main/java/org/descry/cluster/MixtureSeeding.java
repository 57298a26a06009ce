package org.descry.cluster;

import java.util.List;
import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.descry.linalg.Kernels;

/**
 * Starting points for a Gaussian mixture: greedy k-means++ seeding (Arthur and Vassilvitskii 2007, with
 * scikit-learn's {@code 2 + log k} local trials per center) and Lloyd k-means for {@link MixtureInit#KMEANS},
 * both as parallel passes over row blocks, so a mapped or off-heap matrix is never copied whole.
 *
 * <p>This Lloyd loop stands in for the shared {@code org.descry.cluster.KMeans} while that is written: swapping
 * it is the one line in {@link #kmeansLabels}. Random numbers come from {@link SplittableRandom}, so the picks
 * are reproducible by seed but not those of numpy's generator.
 */
final class MixtureSeeding {

    /** scikit-learn's {@code KMeans} defaults: 300 iterations, tolerance 1e-4 of the mean column variance. */
    private static final int LLOYD_MAX_ITER = 300;
    private static final double LLOYD_TOL = 1e-4;

    private MixtureSeeding() {}

    /** Labels of a k-means fit seeded by k-means++ (scikit-learn's {@code KMeans(n_init=1)} in spirit). */
    static int[] kmeansLabels(FloatMatrix x, int k, SplittableRandom rnd, Kernels kernels) {
        return lloyd(x, kmeansPlusPlus(x, k, rnd, kernels), kernels);
    }

    /** Indices of {@code k} rows chosen by greedy k-means++. */
    static int[] kmeansPlusPlus(FloatMatrix x, int k, SplittableRandom rnd, Kernels kernels) {
        int n = x.rows();
        int trials = 2 + (int) Math.log(k);
        int[] chosen = new int[k];
        chosen[0] = rnd.nextInt(n);
        double[] closest = new double[n];
        java.util.Arrays.fill(closest, Double.POSITIVE_INFINITY);
        double pot = distancesTo(x, chosen[0], closest, closest, kernels);
        double[] candidate = new double[n];
        double[] best = new double[n];
        for (int c = 1; c < k; c++) {
            double bestPot = Double.POSITIVE_INFINITY;
            int bestIndex = -1;
            for (int t = 0; t < trials; t++) {
                int idx = sample(closest, pot, rnd);
                double p = distancesTo(x, idx, closest, candidate, kernels);
                if (p < bestPot) {
                    bestPot = p;
                    bestIndex = idx;
                    System.arraycopy(candidate, 0, best, 0, n);
                }
            }
            chosen[c] = bestIndex;
            System.arraycopy(best, 0, closest, 0, n);
            pot = bestPot;
        }
        return chosen;
    }

    /** {@code out[i] = min(current[i], |x_i - x_row|²)}; returns their sum. */
    private static double distancesTo(FloatMatrix x, int row, double[] current, double[] out, Kernels kernels) {
        int d = x.cols();
        float[] center = x.rowArray(row);
        Kernels one = kernels.withThreads(1);
        List<double[]> sums = BlockPass.run(x, BlockPass.blockRows(d), () -> new double[1], (sum, block, from, rows) -> {
            for (int r = 0; r < rows; r++) {
                double v = Math.min(current[from + r], one.squaredDistance(block, r * d, center, 0, d));
                out[from + r] = v;
                sum[0] += v;
            }
        });
        double total = 0;
        for (double[] s : sums) {
            total += s[0];
        }
        return total;
    }

    private static int sample(double[] weights, double total, SplittableRandom rnd) {
        if (!(total > 0)) {
            return rnd.nextInt(weights.length);
        }
        double u = rnd.nextDouble() * total;
        double s = 0;
        for (int i = 0; i < weights.length; i++) {
            s += weights[i];
            if (s > u) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Per-worker sums of one Lloyd assignment pass. */
    private static final class LloydState {
        final double[] sums;
        final long[] counts;
        final float[] partial;
        final float[] dots;
        long changed;

        LloydState(int k, int d, int blockRows) {
            sums = new double[k * d];
            counts = new long[k];
            partial = new float[k * d];
            dots = new float[blockRows * k];
        }
    }

    /** Lloyd iterations from the rows {@code seeds}; returns the labels of the last assignment. */
    private static int[] lloyd(FloatMatrix x, int[] seeds, Kernels kernels) {
        int n = x.rows();
        int d = x.cols();
        int k = seeds.length;
        int blockRows = BlockPass.blockRows(d);
        Kernels one = kernels.withThreads(1);
        float[] centers = new float[k * d];
        for (int c = 0; c < k; c++) {
            x.copyRow(seeds[c], centers, c * d);
        }
        double tol = LLOYD_TOL * meanColumnVariance(x);
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, -1);
        for (int it = 0; it < LLOYD_MAX_ITER; it++) {
            FloatMatrix centerMatrix = FloatMatrix.wrap(centers.clone(), k, d);
            float[] norms = one.rowSquaredNorms(centerMatrix);
            List<LloydState> parts = BlockPass.run(x, blockRows, () -> new LloydState(k, d, blockRows),
                    (st, block, from, rows) -> {
                        one.multiplyTransposed(FloatMatrix.wrap(block, blockRows, d), 0, rows, centerMatrix, 0, k,
                                st.dots);
                        java.util.Arrays.fill(st.partial, 0f);
                        for (int r = 0; r < rows; r++) {
                            int best = 0;
                            float bestDist = Float.POSITIVE_INFINITY;
                            for (int c = 0; c < k; c++) {
                                float dist = norms[c] - 2 * st.dots[r * k + c];
                                if (dist < bestDist) {
                                    bestDist = dist;
                                    best = c;
                                }
                            }
                            if (labels[from + r] != best) {
                                st.changed++;
                                labels[from + r] = best;
                            }
                            st.counts[best]++;
                            one.axpy(1f, block, r * d, st.partial, best * d, d);
                        }
                        for (int i = 0; i < st.partial.length; i++) {
                            st.sums[i] += st.partial[i];
                        }
                    });
            double[] sums = new double[k * d];
            long[] counts = new long[k];
            long changed = 0;
            for (LloydState st : parts) {
                changed += st.changed;
                for (int c = 0; c < k; c++) {
                    counts[c] += st.counts[c];
                }
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += st.sums[i];
                }
            }
            double shift = 0;
            for (int c = 0; c < k; c++) {
                if (counts[c] == 0) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    float v = (float) (sums[c * d + j] / counts[c]);
                    shift += (double) (v - centers[c * d + j]) * (v - centers[c * d + j]);
                    centers[c * d + j] = v;
                }
            }
            if (changed == 0 || shift <= tol) {
                break;
            }
        }
        return labels;
    }

    private static double meanColumnVariance(FloatMatrix x) {
        int d = x.cols();
        List<double[]> parts = BlockPass.run(x, BlockPass.blockRows(d), () -> new double[2 * d],
                (s, block, from, rows) -> {
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < d; j++) {
                            double v = block[r * d + j];
                            s[j] += v;
                            s[d + j] += v * v;
                        }
                    }
                });
        double[] s = new double[2 * d];
        for (double[] p : parts) {
            for (int i = 0; i < s.length; i++) {
                s[i] += p[i];
            }
        }
        double total = 0;
        for (int j = 0; j < d; j++) {
            double mean = s[j] / x.rows();
            total += Math.max(0, s[d + j] / x.rows() - mean * mean);
        }
        return total / d;
    }
}
