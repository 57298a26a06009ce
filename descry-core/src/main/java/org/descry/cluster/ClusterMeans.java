package org.descry.cluster;

import org.descry.data.FloatMatrix;

/**
 * Per-cluster sums and means of the rows, accumulated in double: the centroids that agglomerative and Leiden
 * models assign new rows by, and the centroid merge of unconnected graph pieces.
 */
final class ClusterMeans {

    private ClusterMeans() {}

    /** The {@code k x d} row sums per cluster of {@code labels}; {@code counts} receives the members per cluster. */
    static double[] sums(FloatMatrix x, int[] labels, int k, long[] counts) {
        int d = x.cols();
        double[] sum = new double[k * d];
        float[] row = new float[d];
        for (int i = 0; i < labels.length; i++) {
            x.copyRow(i, row, 0);
            int o = labels[i] * d;
            for (int f = 0; f < d; f++) {
                sum[o + f] += row[f];
            }
            counts[labels[i]]++;
        }
        return sum;
    }

    /** The {@code k x d} cluster means, each rounded to float32 once. */
    static FloatMatrix centroids(FloatMatrix x, int[] labels, int k) {
        int d = x.cols();
        long[] count = new long[k];
        double[] sum = sums(x, labels, k, count);
        float[] c = new float[k * d];
        for (int j = 0; j < k; j++) {
            for (int f = 0; f < d; f++) {
                c[j * d + f] = (float) (sum[j * d + f] / count[j]);
            }
        }
        return FloatMatrix.wrap(c, k, d);
    }
}
