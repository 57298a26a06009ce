package org.descry.metrics;

/**
 * Normalised mutual information: mutual information divided by an average of the two entropies, from 0
 * (independent) to 1 (identical up to renaming). Not corrected for chance: many small clusters score high
 * against anything; see {@link AdjustedMutualInfo}.
 *
 * <p>A. Strehl and J. Ghosh, "Cluster ensembles - a knowledge reuse framework for combining multiple
 * partitions", JMLR 3, 583-617, 2002. Follows scikit-learn 1.2.1 {@code normalized_mutual_info_score}: 1.0 when
 * both labellings have a single label, 0.0 when the mutual information is 0, arithmetic mean by default.
 */
public final class NormalizedMutualInfo {

    private NormalizedMutualInfo() {}

    /** NMI with the arithmetic mean; rows where either label is {@link TruthLabels#MISSING} are left out. */
    public static double score(int[] truth, int[] pred) {
        return score(ContingencyMatrix.of(truth, pred), AverageMethod.ARITHMETIC);
    }

    /** NMI with the given average. */
    public static double score(int[] truth, int[] pred, AverageMethod average) {
        return score(ContingencyMatrix.of(truth, pred), average);
    }

    /** NMI from a contingency table. */
    public static double score(ContingencyMatrix m, AverageMethod average) {
        java.util.Objects.requireNonNull(average, "average");
        if (m.rows() == 1 && m.cols() == 1) {
            return 1.0;
        }
        double mi = MutualInformation.score(m);
        if (mi == 0) {
            return 0.0;
        }
        double normaliser = average.of(MutualInformation.entropy(m.rowSums()),
                MutualInformation.entropy(m.colSums()));
        return mi / normaliser;
    }
}
