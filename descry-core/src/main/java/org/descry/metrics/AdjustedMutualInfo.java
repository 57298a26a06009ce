package org.descry.metrics;

/**
 * Adjusted mutual information: {@code (MI - E[MI]) / (avg(H_true, H_pred) - E[MI])}, mutual information
 * corrected for chance under the permutation model (labellings with the same cluster sizes drawn at random), so
 * independent labellings score about 0 and identical ones 1.
 *
 * <p>N. X. Vinh, J. Epps and J. Bailey, "Information Theoretic Measures for Clusterings Comparison: Variants,
 * Properties, Normalization and Correction for Chance", JMLR 11, 2837-2854, 2010. Follows scikit-learn 1.2.1
 * {@code adjusted_mutual_info_score} with its exact expected mutual information
 * ({@code _expected_mutual_information}: the hypergeometric sum in log-gamma space), including its guard that keeps
 * the denominator at least machine epsilon away from 0 with its sign.
 */
public final class AdjustedMutualInfo {

    private static final double EPS = Math.ulp(1.0);

    private AdjustedMutualInfo() {}

    /** AMI with the arithmetic mean; rows where either label is {@link TruthLabels#MISSING} are left out. */
    public static double score(int[] truth, int[] pred) {
        return score(ContingencyMatrix.of(truth, pred), AverageMethod.ARITHMETIC);
    }

    /** AMI with the given average. */
    public static double score(int[] truth, int[] pred, AverageMethod average) {
        return score(ContingencyMatrix.of(truth, pred), average);
    }

    /** AMI from a contingency table. */
    public static double score(ContingencyMatrix m, AverageMethod average) {
        java.util.Objects.requireNonNull(average, "average");
        if (m.rows() == 1 && m.cols() == 1) {
            return 1.0;
        }
        double mi = MutualInformation.score(m);
        double emi = expectedMutualInformation(m);
        double normaliser = average.of(MutualInformation.entropy(m.rowSums()),
                MutualInformation.entropy(m.colSums()));
        double den = normaliser - emi;
        den = den < 0 ? Math.min(den, -EPS) : Math.max(den, EPS);
        return (mi - emi) / den;
    }

    /**
     * The expected mutual information of labellings with the class and cluster sizes of {@code m} under random
     * permutation: {@code sum_ij sum_nij (nij / N) log(N nij / (a_i b_j)) P(nij)} with {@code P} hypergeometric,
     * evaluated through log-factorials as scikit-learn does (no overflow for any {@code N}). Cost
     * {@code sum_ij min(a_i, b_j)} terms.
     */
    public static double expectedMutualInformation(ContingencyMatrix m) {
        int r = m.rows();
        int c = m.cols();
        if (r == 1 || c == 1) {
            return 0.0;
        }
        long[] a = m.rowSums();
        long[] b = m.colSums();
        long total = m.n();
        if (total > Integer.MAX_VALUE - 8) {
            throw new org.descry.data.DescryException("truth: " + total + " rows are too many for the expected "
                    + "mutual information");
        }
        int n = (int) total;
        double[] logFact = LogGamma.logFactorials(n);
        double bigN = n;
        double logN = Math.log(bigN);
        double glnN = logFact[n];
        double emi = 0.0;
        for (int i = 0; i < r; i++) {
            double logA = Math.log(a[i]);
            double glnA = logFact[(int) a[i]] + logFact[(int) (n - a[i])];
            for (int j = 0; j < c; j++) {
                double logB = Math.log(b[j]);
                double glnAB = glnA + logFact[(int) b[j]] + logFact[(int) (n - b[j])] - glnN;
                long start = Math.max(a[i] - n + b[j], 1);
                long end = Math.min(a[i], b[j]);
                for (long nij = start; nij <= end; nij++) {
                    double term2 = logN + Math.log(nij) - logA - logB;
                    double gln = glnAB - logFact[(int) nij] - logFact[(int) (a[i] - nij)]
                            - logFact[(int) (b[j] - nij)] - logFact[(int) (n - a[i] - b[j] + nij)];
                    emi += (nij / bigN) * term2 * Math.exp(gln);
                }
            }
        }
        return emi;
    }
}
