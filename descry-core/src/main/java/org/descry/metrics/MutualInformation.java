package org.descry.metrics;

/**
 * Entropy and mutual information (natural logarithm) of labellings given as a {@link ContingencyMatrix}, term
 * for term as scikit-learn 1.2.1's {@code entropy} and {@code mutual_info_score}, so the normalised scores built
 * on them agree to the last few bits.
 */
public final class MutualInformation {

    private static final double EPS = Math.ulp(1.0);

    private MutualInformation() {}

    /**
     * {@code -sum p log p} of the label counts {@code counts} (zeros ignored): 1.0 for no rows and 0.0 for one
     * label, as scikit-learn.
     */
    public static double entropy(long[] counts) {
        double total = 0;
        int nonZero = 0;
        for (long c : counts) {
            total += c;
            nonZero += c > 0 ? 1 : 0;
        }
        if (total == 0) {
            return 1.0;
        }
        if (nonZero == 1) {
            return 0.0;
        }
        double logTotal = Math.log(total);
        double s = 0;
        for (long c : counts) {
            if (c > 0) {
                s += (c / total) * (Math.log(c) - logTotal);
            }
        }
        return -s;
    }

    /** Mutual information between the classes and clusters of {@code m}, clipped at 0. */
    public static double score(ContingencyMatrix m) {
        if (m.rows() == 1 || m.cols() == 1) {
            return 0.0;
        }
        long[] pi = m.rowSums();
        long[] pj = m.colSums();
        double n = m.n();
        double logN = Math.log(n);
        double mi = 0;
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                long v = m.count(i, j);
                if (v == 0) {
                    continue;
                }
                double nm = v / n;
                double logOuter = -Math.log((double) (pi[i] * pj[j])) + logN + logN;
                double term = nm * (Math.log(v) - logN) + nm * logOuter;
                if (Math.abs(term) >= EPS) {
                    mi += term;
                }
            }
        }
        return Math.max(mi, 0.0);
    }
}
