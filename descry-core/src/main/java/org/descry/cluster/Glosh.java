package org.descry.cluster;

/**
 * GLOSH outlier scores (Campello, Moulavi, Zimek and Sander 2015, "Hierarchical density estimates for data
 * clustering, visualization, and outlier detection", TKDD, section 5): for a row that leaves cluster {@code C} at
 * density {@code lambda}, {@code (lambda_max(C) - lambda) / lambda_max(C)}, where {@code lambda_max(C)} is the
 * largest density at which {@code C} or any cluster below it still holds rows. 0 for a row as dense as the
 * densest part of its cluster, towards 1 for a row that leaves far earlier; always in {@code [0, 1]}.
 *
 * <p>Where it differs from the hdbscan library's {@code outlier_scores}: the library means to take the same
 * subtree maximum, but its propagation loop visits rows in parent order and stops at the first data row, so for
 * most trees it uses only the cluster's own rows' largest lambda; a row in a cluster that later splits then
 * scores lower there than the paper's definition gives. This implementation follows the paper.
 */
final class Glosh {

    private Glosh() {}

    static float[] scores(CondensedTree tree) {
        int n = tree.n();
        float[] max = tree.subtreeMaxLambdas();
        float[] out = new float[n];
        for (int i = 0; i < tree.child().length; i++) {
            int point = tree.child()[i];
            if (point >= n) {
                continue;
            }
            out[point] = score(max[tree.parent()[i] - n], tree.lambda()[i]);
        }
        return out;
    }

    /** The score of a row leaving at {@code lambda} a cluster whose subtree reaches {@code max}. */
    static float score(float max, float lambda) {
        if (max <= 0f) {
            return 0f;
        }
        double s = ((double) max - lambda) / max;
        return (float) Math.min(1.0, Math.max(0.0, s));
    }
}
