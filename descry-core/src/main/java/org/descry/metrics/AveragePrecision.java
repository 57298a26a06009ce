package org.descry.metrics;

import org.descry.data.DescryException;

/**
 * Average precision of scores against binary truth, as scikit-learn 1.2.1's {@code average_precision_score}:
 * {@code sum_n (R_n - R_(n-1)) P_n} over the distinct scores from the highest down (no interpolation; tied
 * scores enter together).
 */
public final class AveragePrecision {

    private AveragePrecision() {}

    public static double score(boolean[] truth, double[] scores) {
        Ranking.check(truth, scores);
        long p = 0;
        for (boolean t : truth) {
            p += t ? 1 : 0;
        }
        if (p == 0) {
            throw new DescryException("average precision needs a positive row in the truth, got none");
        }
        int[] order = Ranking.descending(scores);
        double ap = 0;
        long tp = 0;
        int i = 0;
        while (i < order.length) {
            long tp0 = tp;
            double v = scores[order[i]];
            while (i < order.length && scores[order[i]] == v) {
                tp += truth[order[i]] ? 1 : 0;
                i++;
            }
            ap += (double) (tp - tp0) / p * ((double) tp / i);
        }
        return ap;
    }
}
