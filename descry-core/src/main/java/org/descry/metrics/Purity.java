package org.descry.metrics;

/**
 * Purity: the share of rows that belong to the largest class of their cluster,
 * {@code (1/N) sum_k max_j |cluster_k ∩ class_j|}; 1 when every cluster is one class. Not in scikit-learn.
 * It is not corrected for chance and rises with the number of clusters (one row per cluster scores 1), so read
 * it next to {@link AdjustedRandIndex} or {@link AdjustedMutualInfo}.
 *
 * <p>C. D. Manning, P. Raghavan and H. Schütze, "Introduction to Information Retrieval", Cambridge University
 * Press, 2008, section 16.3.
 */
public final class Purity {

    private Purity() {}

    /** Purity of {@code pred} against {@code truth}; rows where either is {@link TruthLabels#MISSING} are left out. */
    public static double score(int[] truth, int[] pred) {
        return score(ContingencyMatrix.of(truth, pred));
    }

    /** Purity from a contingency table. */
    public static double score(ContingencyMatrix m) {
        long majority = 0;
        for (int j = 0; j < m.cols(); j++) {
            long best = 0;
            for (int i = 0; i < m.rows(); i++) {
                best = Math.max(best, m.count(i, j));
            }
            majority += best;
        }
        return (double) majority / m.n();
    }
}
