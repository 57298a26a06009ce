package org.descry.metrics;

import org.descry.data.FloatMatrix;
import org.descry.data.Progress;

/**
 * The Davies-Bouldin index: the mean over clusters of the worst ratio {@code (s_i + s_j) / d(c_i, c_j)} of
 * within-cluster scatter to centroid distance; lower is better, 0 is the minimum.
 *
 * <p>D. L. Davies and D. W. Bouldin, "A Cluster Separation Measure", IEEE Transactions on Pattern Analysis and
 * Machine Intelligence PAMI-1(2), 224-227, 1979. Follows scikit-learn 1.2.1 {@code davies_bouldin_score}:
 * {@code s_i} is the mean Euclidean distance of the cluster's rows to its centroid; the score is {@code 0.0}
 * when all {@code s_i} or all centroid distances are within {@code 1e-8} of zero (numpy's {@code allclose} to
 * 0); a zero distance between two distinct clusters' centroids counts as infinite (the pair is ignored).
 * Descry computes centroid distances directly rather than by scikit-learn's {@code ||a||^2 - 2ab + ||b||^2},
 * so two clusters with equal centroids give exactly 0 where scikit-learn may give a tiny positive distance.
 */
public final class DaviesBouldin {

    private static final double ALLCLOSE_ATOL = 1e-8;

    private DaviesBouldin() {}

    /** The index with noise rows left out. */
    public static double score(FloatMatrix x, int[] labels) {
        return score(ClusterDispersion.of(x, labels, Noise.EXCLUDE, Progress.NONE));
    }

    /** The index with noise handled as {@code noise} says. */
    public static double score(FloatMatrix x, int[] labels, Noise noise) {
        return score(ClusterDispersion.of(x, labels, noise, Progress.NONE));
    }

    /**
     * The index from measured clusters.
     *
     * @throws org.descry.data.DescryException unless {@code 2 <= clusters <= rows - 1}
     */
    public static double score(ClusterDispersion m) {
        Checks.internalRange(m.clusters(), m.rows());
        int k = m.clusters();
        double[] scatter = new double[k];
        boolean allScatterZero = true;
        for (int c = 0; c < k; c++) {
            scatter[c] = m.withinDistances(c) / m.count(c);
            allScatterZero &= Math.abs(scatter[c]) <= ALLCLOSE_ATOL;
        }
        double[] dist = new double[k * k];
        boolean allDistZero = true;
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                double v = Math.sqrt(m.centroidSquaredDistance(a, b));
                dist[a * k + b] = v;
                dist[b * k + a] = v;
                allDistZero &= v <= ALLCLOSE_ATOL;
            }
        }
        if (allScatterZero || allDistZero) {
            return 0.0;
        }
        double sum = 0;
        for (int a = 0; a < k; a++) {
            double worst = Double.NEGATIVE_INFINITY;
            for (int b = 0; b < k; b++) {
                double v = dist[a * k + b];
                double ratio = (scatter[a] + scatter[b]) / (v == 0 ? Double.POSITIVE_INFINITY : v);
                worst = Math.max(worst, ratio);
            }
            sum += worst;
        }
        return sum / k;
    }
}
