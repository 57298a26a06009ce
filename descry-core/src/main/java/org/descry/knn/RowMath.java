package org.descry.knn;

/**
 * Dot products and squared distances of two short rows with four independent float accumulators. NN-descent
 * and the trees call these hundreds of millions of times on rows of tens of columns, one pair at a time, where
 * this plain loop measured about twice as fast as the Vector API kernels (whose setup and tail handling do not
 * pay off at 50 columns).
 */
final class RowMath {

    private RowMath() {}

    static float dot(float[] a, int ao, float[] b, int bo, int d) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int c = 0;
        for (; c + 3 < d; c += 4) {
            s0 += a[ao + c] * b[bo + c];
            s1 += a[ao + c + 1] * b[bo + c + 1];
            s2 += a[ao + c + 2] * b[bo + c + 2];
            s3 += a[ao + c + 3] * b[bo + c + 3];
        }
        for (; c < d; c++) {
            s0 += a[ao + c] * b[bo + c];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static float squaredDistance(float[] a, int ao, float[] b, int bo, int d) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int c = 0;
        for (; c + 3 < d; c += 4) {
            float t0 = a[ao + c] - b[bo + c];
            float t1 = a[ao + c + 1] - b[bo + c + 1];
            float t2 = a[ao + c + 2] - b[bo + c + 2];
            float t3 = a[ao + c + 3] - b[bo + c + 3];
            s0 += t0 * t0;
            s1 += t1 * t1;
            s2 += t2 * t2;
            s3 += t3 * t3;
        }
        for (; c < d; c++) {
            float t = a[ao + c] - b[bo + c];
            s0 += t * t;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
