package org.descry.metrics;

import org.descry.data.FloatMatrix;
import org.descry.data.Progress;

/**
 * The Calinski-Harabasz index (variance ratio criterion): between-cluster dispersion over within-cluster
 * dispersion, each divided by its degrees of freedom; higher is better.
 *
 * <p>T. Caliński and J. Harabasz, "A dendrite method for cluster analysis", Communications in Statistics 3(1),
 * 1-27, 1974. Follows scikit-learn 1.2.1 {@code calinski_harabasz_score}:
 * {@code extra * (n - k) / (intra * (k - 1))}, and {@code 1.0} when the within-cluster dispersion is zero.
 * scikit-learn sums float32 input in float32; Descry sums in double (see {@link ClusterDispersion}), so it agrees
 * with scikit-learn run on the data as float64. Noise rows ({@code -1}) are left out unless {@link Noise#CLUSTER}.
 */
public final class CalinskiHarabasz {

    private CalinskiHarabasz() {}

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
        double extra = 0;
        double intra = 0;
        for (int c = 0; c < m.clusters(); c++) {
            extra += m.count(c) * m.centroidSquaredDistance(c, -1);
            intra += m.withinSquares(c);
        }
        int n = m.rows();
        int k = m.clusters();
        return intra == 0.0 ? 1.0 : extra * (n - k) / (intra * (k - 1.0));
    }
}
