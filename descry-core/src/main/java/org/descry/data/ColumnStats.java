package org.descry.data;

import java.util.List;

/**
 * Per-column mean, standard deviation (population, {@code ddof=0}, as numpy and scikit-learn's
 * {@code StandardScaler}), minimum and maximum over the finite values, in double precision.
 *
 * <p>Sums are taken of values shifted by the first row's value, which avoids the cancellation of the textbook
 * {@code E[x^2] - E[x]^2} when a column's mean is large against its spread (Chan, Golub and LeVeque, 1983).
 */
public record ColumnStats(long rows, double[] mean, double[] std, double[] min, double[] max, long nonFinite) {

    public static ColumnStats of(FloatMatrix m, Progress progress) {
        int cols = m.cols();
        double[] shift = new double[cols];
        if (m.rows() > 0) {
            for (int c = 0; c < cols; c++) {
                float v = m.get(0, c);
                shift[c] = Float.isFinite(v) ? v : 0;
            }
        }
        List<Acc> parts = RowBlocks.run(m, () -> new Acc(cols), (a, buf, from, to) -> {
            for (int r = 0; r < to - from; r++) {
                int base = r * cols;
                for (int c = 0; c < cols; c++) {
                    float v = buf[base + c];
                    if (!Float.isFinite(v)) {
                        a.nonFinite++;
                        continue;
                    }
                    double d = v - shift[c];
                    a.count[c]++;
                    a.sum[c] += d;
                    a.sumSq[c] += d * d;
                    if (v < a.min[c]) {
                        a.min[c] = v;
                    }
                    if (v > a.max[c]) {
                        a.max[c] = v;
                    }
                }
            }
        }, progress);
        Acc t = new Acc(cols);
        for (Acc a : parts) {
            t.nonFinite += a.nonFinite;
            for (int c = 0; c < cols; c++) {
                t.count[c] += a.count[c];
                t.sum[c] += a.sum[c];
                t.sumSq[c] += a.sumSq[c];
                t.min[c] = Math.min(t.min[c], a.min[c]);
                t.max[c] = Math.max(t.max[c], a.max[c]);
            }
        }
        double[] mean = new double[cols];
        double[] std = new double[cols];
        for (int c = 0; c < cols; c++) {
            long n = t.count[c];
            if (n == 0) {
                mean[c] = Double.NaN;
                std[c] = Double.NaN;
                t.min[c] = Double.NaN;
                t.max[c] = Double.NaN;
                continue;
            }
            double mu = t.sum[c] / n;
            mean[c] = shift[c] + mu;
            std[c] = Math.sqrt(Math.max(0, t.sumSq[c] / n - mu * mu));
        }
        return new ColumnStats(m.rows(), mean, std, t.min, t.max, t.nonFinite);
    }

    private static final class Acc {
        final long[] count;
        final double[] sum;
        final double[] sumSq;
        final double[] min;
        final double[] max;
        long nonFinite;

        Acc(int cols) {
            count = new long[cols];
            sum = new double[cols];
            sumSq = new double[cols];
            min = new double[cols];
            max = new double[cols];
            java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        }
    }
}
