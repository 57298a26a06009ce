package org.descry.metrics;

import org.descry.data.DescryException;

/**
 * Precision among the {@code k} highest scores: the fraction of true outliers among them. Rows tied with the
 * {@code k}-th highest score share the remaining places: each counts {@code places / tied}, so the value does
 * not depend on row order (it is the expected precision under a random tie break). At {@code k} = the number
 * of true outliers this is R-precision, where precision equals recall.
 */
public final class PrecisionAtK {

    private PrecisionAtK() {}

    public static double score(boolean[] truth, double[] scores, int k) {
        Ranking.check(truth, scores);
        if (k < 1 || k > scores.length) {
            throw new DescryException("k must be in [1, " + scores.length + "], got " + k);
        }
        int[] order = Ranking.descending(scores);
        double hits = 0;
        int taken = 0;
        int i = 0;
        while (taken < k) {
            double v = scores[order[i]];
            int j = i;
            int pos = 0;
            while (j < order.length && scores[order[j]] == v) {
                pos += truth[order[j]] ? 1 : 0;
                j++;
            }
            int tied = j - i;
            int places = Math.min(tied, k - taken);
            hits += (double) pos * places / tied;
            taken += places;
            i = j;
        }
        return hits / k;
    }

    /** Precision at the number of true outliers (R-precision). */
    public static double atTrueRate(boolean[] truth, double[] scores) {
        int p = 0;
        for (boolean t : truth) {
            p += t ? 1 : 0;
        }
        return score(truth, scores, Math.max(1, p));
    }
}
