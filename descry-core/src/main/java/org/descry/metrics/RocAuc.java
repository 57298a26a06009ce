package org.descry.metrics;

import org.descry.data.DescryException;

/**
 * Area under the ROC curve of scores against binary truth, as scikit-learn 1.2.1's {@code roc_auc_score}:
 * the trapezoid area over the curve with one point per distinct score, so tied scores count half (the
 * Mann-Whitney statistic {@code U / (P N)}). Undefined (an error) when only one class is present.
 */
public final class RocAuc {

    private RocAuc() {}

    public static double score(boolean[] truth, double[] scores) {
        Ranking.check(truth, scores);
        int[] order = Ranking.descending(scores);
        long p = 0;
        for (boolean t : truth) {
            p += t ? 1 : 0;
        }
        long n = truth.length - p;
        if (p == 0 || n == 0) {
            throw new DescryException("ROC-AUC needs both classes in the truth, got " + p + " positive and " + n
                    + " negative rows");
        }
        double area = 0;
        long tp = 0;
        long fp = 0;
        int i = 0;
        while (i < order.length) {
            long tp0 = tp;
            long fp0 = fp;
            double v = scores[order[i]];
            while (i < order.length && scores[order[i]] == v) {
                if (truth[order[i]]) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            area += (fp - fp0) * (tp + tp0) / 2.0;
        }
        return area / ((double) p * n);
    }
}
