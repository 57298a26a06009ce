package org.descry.cluster;

import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.descry.linalg.Kernels;

/**
 * Starting points for a Gaussian mixture: greedy k-means++ seeding (Arthur and Vassilvitskii 2007, with
 * scikit-learn's {@code 2 + log k} local trials per center) and a plain Lloyd k-means for
 * {@link MixtureInit#KMEANS}.
 *
 * <p>This Lloyd loop stands in for the shared {@code org.descry.cluster.KMeans} while that is written: swapping
 * it is the one line in {@link #kmeansLabels}. Random numbers come from {@link SplittableRandom}, so the picks
 * are reproducible by seed but not those of numpy's generator.
 */
final class MixtureSeeding {

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
        int d = x.cols();
        float[] data = x.heapArray() != null && x.heapArray().length == n * d ? x.heapArray() : x.toArray();
        int trials = 2 + (int) Math.log(k);
        int[] chosen = new int[k];
        chosen[0] = rnd.nextInt(n);
        double[] closest = new double[n];
        double pot = 0;
        for (int i = 0; i < n; i++) {
            closest[i] = kernels.squaredDistance(data, i * d, data, chosen[0] * d, d);
            pot += closest[i];
        }
        double[] candidate = new double[n];
        double[] best = new double[n];
        for (int c = 1; c < k; c++) {
            double bestPot = Double.POSITIVE_INFINITY;
            int bestIndex = -1;
            for (int t = 0; t < trials; t++) {
                int idx = sample(closest, pot, rnd);
                double p = 0;
                for (int i = 0; i < n; i++) {
                    candidate[i] = Math.min(closest[i], kernels.squaredDistance(data, i * d, data, idx * d, d));
                    p += candidate[i];
                }
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

    /** Lloyd iterations from the rows {@code seeds}; returns the final labels. */
    private static int[] lloyd(FloatMatrix x, int[] seeds, Kernels kernels) {
        int n = x.rows();
        int d = x.cols();
        int k = seeds.length;
        float[] data = x.heapArray() != null && x.heapArray().length == n * d ? x.heapArray() : x.toArray();
        float[] centers = new float[k * d];
        for (int c = 0; c < k; c++) {
            System.arraycopy(data, seeds[c] * d, centers, c * d, d);
        }
        double meanVariance = 0;
        for (double v : columnVariances(data, n, d)) {
            meanVariance += v / d;
        }
        double tol = LLOYD_TOL * meanVariance;
        int[] labels = new int[n];
        for (int it = 0; it < LLOYD_MAX_ITER; it++) {
            for (int i = 0; i < n; i++) {
                int best = 0;
                float bestDist = Float.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    float dist = kernels.squaredDistance(data, i * d, centers, c * d, d);
                    if (dist < bestDist) {
                        bestDist = dist;
                        best = c;
                    }
                }
                labels[i] = best;
            }
            double[] sums = new double[k * d];
            int[] counts = new int[k];
            for (int i = 0; i < n; i++) {
                counts[labels[i]]++;
                for (int j = 0; j < d; j++) {
                    sums[labels[i] * d + j] += data[i * d + j];
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
            if (shift <= tol) {
                break;
            }
        }
        return labels;
    }

    private static double[] columnVariances(float[] data, int n, int d) {
        double[] mean = new double[d];
        double[] m2 = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double delta = data[i * d + j] - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (data[i * d + j] - mean[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            m2[j] /= n;
        }
        return m2;
    }
}
