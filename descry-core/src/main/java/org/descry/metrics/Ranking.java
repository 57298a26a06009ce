package org.descry.metrics;

import org.descry.data.DescryException;

/** Checks and the descending order shared by the ranking metrics. */
final class Ranking {

    private Ranking() {}

    static void check(boolean[] truth, double[] scores) {
        if (truth.length != scores.length) {
            throw new DescryException("truth has " + truth.length + " rows, scores " + scores.length);
        }
        if (scores.length == 0) {
            throw new DescryException("no rows to score");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new DescryException("score of row " + i + " is NaN");
            }
        }
    }

    /** Indices by descending score, ties in index order. */
    static int[] descending(double[] scores) {
        int n = scores.length;
        double[] neg = new double[n];
        for (int i = 0; i < n; i++) {
            neg[i] = -scores[i];
        }
        return org.descry.outlier.RankEnsemble.ascendingOrder(neg);
    }
}
