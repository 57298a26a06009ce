package org.descry.cluster;

import java.util.List;
import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.descry.linalg.Kernels;

/**
 * The starting centers of {@link MixtureInit#KMEANS_PLUS_PLUS} (scikit-learn's {@code init_params="k-means++"}):
 * greedy k-means++ seeding (Arthur and Vassilvitskii 2007, with scikit-learn's {@code 2 + log k} local trials per
 * center) as parallel passes over row blocks, so a mapped or off-heap matrix is never copied whole.
 * ({@link MixtureInit#KMEANS} runs the shared {@link KMeans}.) Random numbers come from {@link SplittableRandom},
 * so the picks are reproducible by seed but not those of numpy's generator.
 */
final class MixtureSeeding {

    private MixtureSeeding() {}

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
}
