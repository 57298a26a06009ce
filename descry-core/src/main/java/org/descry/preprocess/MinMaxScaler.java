package org.descry.preprocess;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSubset;
import org.descry.model.Provenance;

/**
 * Maps each column linearly onto {@code [min, max]} (default {@code [0, 1]}), as scikit-learn's {@code MinMaxScaler}:
 * {@code y = (x - data_min) * scale + min} with {@code scale = (max - min) / (data_max - data_min)}; with
 * {@code clip} (scikit-learn's {@code clip=True}) results of new rows outside the fit range are clipped to
 * {@code [min, max]}.
 * As in scikit-learn, a column whose float32 range is below {@code 10 * eps(float32)} gets a range of 1 (so a
 * constant column maps to {@code min}).
 *
 * @param min low end of {@code feature_range}
 * @param max high end of {@code feature_range}, greater than {@code min}
 * @param clip clip transformed values to {@code [min, max]} (default false)
 */
public record MinMaxScaler(double min, double max, boolean clip) {

    public static final String KIND = "minmax";

    public MinMaxScaler {
        if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new DescryException("feature_range must be finite with min < max, got (" + min + ", " + max + ")");
        }
    }

    /** {@code feature_range=(0, 1)}, no clipping. */
    public MinMaxScaler() {
        this(0, 1, false);
    }

    /** {@code feature_range=(min, max)}, no clipping. */
    public MinMaxScaler(double min, double max) {
        this(min, max, false);
    }

    public MinMaxScaler withClip(boolean value) {
        return new MinMaxScaler(min, max, value);
    }

    public ColumnScaling fit(FloatMatrix x) {
        return fit(x, Progress.NONE);
    }

    /** Fits on the rows of {@code x} in one streaming pass; NaN or infinite values are refused. */
    public ColumnScaling fit(FloatMatrix x, Progress progress) {
        return fit(RowSubset.all(x), progress);
    }

    /** Fits on some rows of a matrix, read in place: the fit on a copy of them, without the copy. */
    public ColumnScaling fit(RowSubset x, Progress progress) {
        Blocks.requireRows("MinMaxScaler", x, 1);
        int n = x.rows();
        int d = x.cols();
        AtomicLong done = new AtomicLong();
        List<float[]> parts = IntStream.range(0, Blocks.PARTS).parallel()
                .mapToObj(p -> range(x, Blocks.partStart(n, p), Blocks.partStart(n, p + 1), done, progress))
                .toList();
        double[] dataMin = new double[d];
        double[] dataMax = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (float[] p : parts) {
                lo = Math.min(lo, p[j]);
                hi = Math.max(hi, p[d + j]);
            }
            dataMin[j] = lo;
            dataMax[j] = hi;
            float range = hi - lo;
            scale[j] = (max - min) / (range < 10 * Math.ulp(1f) ? 1.0 : range);
        }
        Map<String, double[]> attrs = new LinkedHashMap<>();
        attrs.put("data_min", dataMin);
        attrs.put("data_max", dataMax);
        attrs.put("scale", scale);
        double[] shift = new double[d];
        java.util.Arrays.fill(shift, min);
        Provenance prov = Provenance.of(KIND, Map.of("feature_range", List.of(min, max), "clip", clip), 0,
                n + " x " + d);
        ColumnScaling fitted = new ColumnScaling(KIND, dataMin, scale, shift, attrs, prov);
        return clip ? fitted.withClip(min, max) : fitted;
    }

    /** Column minima then maxima of rows {@code [from, to)}. */
    private static float[] range(RowSubset x, int from, int to, AtomicLong done, Progress progress) {
        int d = x.cols();
        int br = Blocks.blockRows(d);
        float[] buf = new float[br * d];
        float[] out = new float[2 * d];
        java.util.Arrays.fill(out, 0, d, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(out, d, 2 * d, Float.NEGATIVE_INFINITY);
        for (int r0 = from; r0 < to; r0 += br) {
            int r1 = Math.min(to, r0 + br);
            x.copyRows(r0, r1, buf, 0);
            Blocks.requireFinite("x", buf, r0, r1, d);
            for (int r = 0; r < r1 - r0; r++) {
                int o = r * d;
                for (int j = 0; j < d; j++) {
                    float v = buf[o + j];
                    out[j] = Math.min(out[j], v);
                    out[d + j] = Math.max(out[d + j], v);
                }
            }
            progress.step(done.addAndGet(r1 - r0), x.rows());
        }
        return out;
    }
}
