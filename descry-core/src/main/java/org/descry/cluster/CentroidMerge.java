package org.descry.cluster;

import org.descry.data.FloatMatrix;

/**
 * Reduces a partition to {@code k} clusters by merging, one at a time, the smallest cluster (the lower label on
 * a tie) into the cluster whose centroid is nearest its own: the fallback of the graph methods when the graph falls
 * apart into more pieces than clusters wanted, as scikit-learn's agglomerative clustering completes an
 * unconnected graph with Euclidean distances between the pieces.
 */
final class CentroidMerge {

    private CentroidMerge() {}

    /** {@code labels} ({@code 0 .. count-1}) merged down to {@code k} clusters, relabelled by first appearance. */
    static int[] down(FloatMatrix x, int[] labels, int count, int k) {
        int d = x.cols();
        long[] size = new long[count];
        double[] sum = ClusterMeans.sums(x, labels, count, size);
        int[] into = new int[count];
        for (int c = 0; c < count; c++) {
            into[c] = c;
        }
        for (int left = count; left > k; left--) {
            int small = -1;
            for (int c = 0; c < count; c++) {
                if (into[c] == c && size[c] > 0 && (small < 0 || size[c] < size[small])) {
                    small = c;
                }
            }
            int nearest = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < count; c++) {
                if (c == small || into[c] != c || size[c] == 0) {
                    continue;
                }
                double dist = 0;
                for (int f = 0; f < d; f++) {
                    double t = sum[small * d + f] / size[small] - sum[c * d + f] / size[c];
                    dist += t * t;
                }
                if (dist < bestDistance) {
                    bestDistance = dist;
                    nearest = c;
                }
            }
            for (int f = 0; f < d; f++) {
                sum[nearest * d + f] += sum[small * d + f];
            }
            size[nearest] += size[small];
            size[small] = 0;
            into[small] = nearest;
        }
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            while (into[c] != c) {
                c = into[c];
            }
            out[i] = c;
        }
        LeidenOptimiser.relabelInPlace(out);
        return out;
    }
}
