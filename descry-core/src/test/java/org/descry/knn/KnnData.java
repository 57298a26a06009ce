package org.descry.knn;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;

/** Test data and the naive reference the searches are held to. */
final class KnnData {

    private KnnData() {}

    static FloatMatrix gaussian(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return FloatMatrix.wrap(v, n, d);
    }

    /** {@code clusters} Gaussian blobs of spread 1 around centres drawn with spread {@code 4}. */
    static FloatMatrix clustered(int n, int d, int clusters, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] centres = new float[clusters * d];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) (4 * r.nextGaussian());
        }
        float[] v = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(clusters);
            for (int j = 0; j < d; j++) {
                v[i * d + j] = centres[c * d + j] + (float) r.nextGaussian();
            }
        }
        return FloatMatrix.wrap(v, n, d);
    }

    /**
     * The definition: every distance by {@link Metric#exact} rounded to float, sorted by (distance, index), the
     * query's own row left out when {@code self}.
     */
    static Naive naive(FloatMatrix reference, FloatMatrix queries, int k, Metric metric, boolean self) {
        int n = queries.rows();
        int m = reference.rows();
        int d = reference.cols();
        float[] ref = reference.toArray();
        float[] q = queries.toArray();
        int[] idx = new int[n * k];
        float[] dist = new float[n * k];
        long[] keys = new long[m];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int j = 0; j < m; j++) {
                if (self && j == i) {
                    continue;
                }
                float e = (float) metric.exact(q, i * d, ref, j * d, d);
                keys[c++] = ((long) Float.floatToIntBits(e) << 32) | j;
            }
            Arrays.sort(keys, 0, c);
            for (int t = 0; t < k; t++) {
                idx[i * k + t] = (int) keys[t];
                dist[i * k + t] = Float.intBitsToFloat((int) (keys[t] >>> 32));
            }
        }
        return new Naive(idx, dist);
    }

    record Naive(int[] indices, float[] distances) {}
}
