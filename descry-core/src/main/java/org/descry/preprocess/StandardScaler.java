package org.descry.preprocess;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSubset;
import org.descry.model.Provenance;

/**
 * Standardisation {@code (x - mean) / std} per column, as scikit-learn's {@code StandardScaler}: population
 * variance ({@code ddof = 0}), and a scale of 1 for columns scikit-learn calls constant
 * ({@code var <= n eps var + (n mean eps)^2}, {@code eps} of float64, from {@code _is_constant_feature}).
 *
 * <p>The fit is one streaming pass with double accumulators and no float64 copy of the data (scikit-learn's
 * {@code _incremental_mean_and_var} makes a float64 temporary of the whole input): each block of rows gets its
 * mean and centered sum of squares, and blocks are merged with Chan, Golub and LeVeque's pairwise update (1979),
 * in a fixed order, so the result does not depend on the thread count.
 *
 * @param withMean subtract the mean (scikit-learn {@code with_mean}, default true)
 * @param withStd  divide by the standard deviation (scikit-learn {@code with_std}, default true)
 */
public record StandardScaler(boolean withMean, boolean withStd) {

    public static final String KIND = "standard";

    /** {@code with_mean=True, with_std=True}. */
    public StandardScaler() {
        this(true, true);
    }

    public StandardScaler withMean(boolean value) {
        return new StandardScaler(value, withStd);
    }

    public StandardScaler withStd(boolean value) {
        return new StandardScaler(withMean, value);
    }

    public ColumnScaling fit(FloatMatrix x) {
        return fit(x, Progress.NONE);
    }

    /** Fits on the rows of {@code x}; NaN or infinite values are refused naming row and column. */
    public ColumnScaling fit(FloatMatrix x, Progress progress) {
        return fit(RowSubset.all(x), progress);
    }

    /**
     * Fits on some rows of a matrix, read in place: bitwise the fit on {@link RowSubset#materialize() a copy} of
     * them, without the copy.
     */
    public ColumnScaling fit(RowSubset x, Progress progress) {
        Blocks.requireRows("StandardScaler", x, 1);
        int n = x.rows();
        int d = x.cols();
        AtomicLong done = new AtomicLong();
        Moments[] parts = IntStream.range(0, Blocks.PARTS).parallel()
                .mapToObj(p -> Moments.of(x, Blocks.partStart(n, p), Blocks.partStart(n, p + 1), done, progress))
                .toArray(Moments[]::new);
        Moments all = new Moments(d);
        for (Moments p : parts) {
            all.merge(p);
        }
        double[] var = new double[d];
        double[] scale = new double[d];
        double[] multiplier = new double[d];
        double eps = Math.ulp(1.0);
        for (int j = 0; j < d; j++) {
            var[j] = all.m2[j] / n;
            double bound = n * eps * var[j] + Math.pow(n * all.mean[j] * eps, 2);
            scale[j] = var[j] <= bound ? 1.0 : Math.sqrt(var[j]);
            multiplier[j] = withStd ? 1.0 / scale[j] : 1.0;
        }
        Map<String, double[]> attrs = new LinkedHashMap<>();
        attrs.put("mean", all.mean.clone());
        attrs.put("var", var);
        attrs.put("scale", scale);
        Provenance prov = Provenance.of(KIND, Map.of("with_mean", withMean, "with_std", withStd), 0,
                x.rows() + " x " + d);
        return new ColumnScaling(KIND, withMean ? all.mean : new double[d], multiplier, new double[d], attrs, prov);
    }

    /** Count, mean and centered sum of squares of some rows, per column, in double. */
    private static final class Moments {
        long count;
        final double[] mean;
        final double[] m2;

        Moments(int d) {
            mean = new double[d];
            m2 = new double[d];
        }

        static Moments of(RowSubset x, int from, int to, AtomicLong done, Progress progress) {
            int d = x.cols();
            int br = Blocks.blockRows(d);
            float[] buf = new float[br * d];
            Moments acc = new Moments(d);
            Moments block = new Moments(d);
            for (int r0 = from; r0 < to; r0 += br) {
                int r1 = Math.min(to, r0 + br);
                x.copyRows(r0, r1, buf, 0);
                block.setBlock(buf, r1 - r0, d);
                if (!block.isFinite()) {
                    Blocks.requireFinite("x", buf, r0, r1, d);
                }
                acc.merge(block);
                progress.step(done.addAndGet(r1 - r0), x.rows());
            }
            return acc;
        }

        void setBlock(float[] buf, int rows, int d) {
            count = rows;
            java.util.Arrays.fill(mean, 0);
            java.util.Arrays.fill(m2, 0);
            for (int r = 0; r < rows; r++) {
                int o = r * d;
                for (int j = 0; j < d; j++) {
                    mean[j] += buf[o + j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= rows;
            }
            for (int r = 0; r < rows; r++) {
                int o = r * d;
                for (int j = 0; j < d; j++) {
                    double c = buf[o + j] - mean[j];
                    m2[j] += c * c;
                }
            }
        }

        /** {@code v * 0} is 0 for finite {@code v} and NaN for NaN or infinite ones. */
        boolean isFinite() {
            double s = 0;
            for (int j = 0; j < m2.length; j++) {
                s += m2[j] * 0 + mean[j] * 0;
            }
            return s == 0;
        }

        void merge(Moments o) {
            if (o.count == 0) {
                return;
            }
            long total = count + o.count;
            double wa = (double) o.count / total;
            double wm = (double) count * o.count / total;
            for (int j = 0; j < mean.length; j++) {
                double delta = o.mean[j] - mean[j];
                mean[j] += delta * wa;
                m2[j] += o.m2[j] + delta * delta * wm;
            }
            count = total;
        }
    }
}
