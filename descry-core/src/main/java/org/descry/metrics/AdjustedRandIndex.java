package org.descry.metrics;

import java.math.BigInteger;

/**
 * The adjusted Rand index: agreement of two labellings over all pairs of rows, corrected for chance so that
 * independent labellings score about 0 and identical ones 1 (it can be negative).
 *
 * <p>L. Hubert and P. Arabie, "Comparing partitions", Journal of Classification 2, 193-218, 1985. Follows
 * scikit-learn 1.2.1 {@code adjusted_rand_score}: the 2 x 2 pair confusion matrix in exact integers,
 * {@code 2 (tp tn - fn fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn))}, and 1.0 when no pair disagrees. The
 * products reach {@code n^4}, so they are formed exactly (as Python's integers do) and rounded once.
 */
public final class AdjustedRandIndex {

    private AdjustedRandIndex() {}

    /** ARI of {@code pred} against {@code truth}; rows where either is {@link TruthLabels#MISSING} are left out. */
    public static double score(int[] truth, int[] pred) {
        return score(ContingencyMatrix.of(truth, pred));
    }

    /** ARI from a contingency table. */
    public static double score(ContingencyMatrix m) {
        long n = m.n();
        long[] nc = m.rowSums();
        long[] nk = m.colSums();
        long sumSquares = 0;
        long byClusterSize = 0;
        long byClassSize = 0;
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                long v = m.count(i, j);
                sumSquares += v * v;
                byClusterSize += v * nk[j];
                byClassSize += v * nc[i];
            }
        }
        BigInteger tp = BigInteger.valueOf(sumSquares - n);
        BigInteger fp = BigInteger.valueOf(byClusterSize - sumSquares);
        BigInteger fn = BigInteger.valueOf(byClassSize - sumSquares);
        BigInteger tn = BigInteger.valueOf(n).multiply(BigInteger.valueOf(n)).subtract(fp).subtract(fn)
                .subtract(BigInteger.valueOf(sumSquares));
        if (fn.signum() == 0 && fp.signum() == 0) {
            return 1.0;
        }
        double num = 2.0 * tp.multiply(tn).subtract(fn.multiply(fp)).doubleValue();
        BigInteger den = tp.add(fn).multiply(fn.add(tn)).add(tp.add(fp).multiply(fp.add(tn)));
        return num / den.doubleValue();
    }
}
