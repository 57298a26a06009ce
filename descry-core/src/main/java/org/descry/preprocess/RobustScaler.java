package org.descry.preprocess;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSubset;
import org.descry.model.Provenance;

/**
 * Centers each column on its median and divides by its interquantile range, as scikit-learn's
 * {@code RobustScaler}: quantiles by numpy's default linear interpolation
 * ({@code q/100 * (n - 1)} between order statistics, numpy's {@code _lerp}), a range below
 * {@code 10 * eps(float64)} replaced by 1 (numpy's percentiles of float32 data are float64). The median is
 * float32 as numpy's, the mean of the two middle values rounded to float32. With {@code unit_variance} the range is
 * then divided, as scikit-learn's, by {@code ppf(qMax / 100) - ppf(qMin / 100)} of the standard normal
 * ({@link NormalQuantile}), so normally distributed columns come out with variance about 1. scikit-learn accepts
 * {@code unit_variance} with a quantile range of 0 or 100, or an empty one, and then scales by 0 or infinity; here
 * those are refused.
 *
 * <p>The quantiles are exact: columns are gathered in groups (at most {@value #GROUP_BYTES} bytes of column copies
 * at a time, reading only those columns of each row) and each column's order statistics found by Wirth's
 * selection, in parallel over columns. At 416,314 x 2560 that is about 33 gathers of 80 columns. scikit-learn
 * takes percentiles in float64 with numpy's {@code _lerp}, as here, so centers and scales agree to the last
 * bits.
 *
 * @param qMin          low quantile in percent (default 25)
 * @param qMax          high quantile in percent (default 75)
 * @param withCentering subtract the median (default true)
 * @param withScaling   divide by the range (default true)
 * @param unitVariance  divide the range by the standard normal's range between the same quantiles (default false)
 */
public record RobustScaler(double qMin, double qMax, boolean withCentering, boolean withScaling,
                           boolean unitVariance) {

    public static final String KIND = "robust";
    static final long GROUP_BYTES = 128L << 20;

    public RobustScaler {
        if (!(0 <= qMin && qMin <= qMax && qMax <= 100)) {
            throw new DescryException("quantile_range must satisfy 0 <= min <= max <= 100, got (" + qMin + ", " + qMax
                    + ")");
        }
        if (unitVariance && !(0 < qMin && qMin < qMax && qMax < 100)) {
            throw new DescryException("unit_variance needs 0 < min < max < 100 in quantile_range, got (" + qMin + ", "
                    + qMax + ")");
        }
    }

    /** {@code quantile_range=(25, 75)}, centering and scaling, no {@code unit_variance}. */
    public RobustScaler() {
        this(25, 75, true, true, false);
    }

    /** Without {@code unit_variance}. */
    public RobustScaler(double qMin, double qMax, boolean withCentering, boolean withScaling) {
        this(qMin, qMax, withCentering, withScaling, false);
    }

    public RobustScaler withQuantileRange(double min, double max) {
        return new RobustScaler(min, max, withCentering, withScaling, unitVariance);
    }

    public RobustScaler withCentering(boolean value) {
        return new RobustScaler(qMin, qMax, value, withScaling, unitVariance);
    }

    public RobustScaler withScaling(boolean value) {
        return new RobustScaler(qMin, qMax, withCentering, value, unitVariance);
    }

    public RobustScaler withUnitVariance(boolean value) {
        return new RobustScaler(qMin, qMax, withCentering, withScaling, value);
    }

    public ColumnScaling fit(FloatMatrix x) {
        return fit(x, Progress.NONE);
    }

    /** Fits on the rows of {@code x}; NaN or infinite values are refused. Progress counts columns. */
    public ColumnScaling fit(FloatMatrix x, Progress progress) {
        return fit(RowSubset.all(x), progress);
    }

    /** Fits on some rows of a matrix, read in place: the fit on a copy of them, without the copy. */
    public ColumnScaling fit(RowSubset x, Progress progress) {
        Blocks.requireRows("RobustScaler", x, 1);
        int n = x.rows();
        int d = x.cols();
        double[] median = new double[d];
        double[] lo = new double[d];
        double[] hi = new double[d];
        int group = (int) Math.max(1, Math.min(d, GROUP_BYTES / (4L * n)));
        float[] columns = new float[group * n];
        for (int c0 = 0; c0 < d; c0 += group) {
            int g = Math.min(group, d - c0);
            gather(x, c0, g, columns);
            int first = c0;
            IntStream.range(0, g).parallel().forEach(j -> {
                int off = j * n;
                for (int i = off; i < off + n; i++) {
                    if (!Float.isFinite(columns[i])) {
                        throw new DescryException("x has a non-finite value (" + columns[i] + ") at row " + (i - off)
                                + ", column " + (first + j) + "; drop or fill such rows first");
                    }
                }
                double[] q = percentiles(columns, off, n, 50, qMin, qMax);
                median[first + j] = floatMedian(columns, off, n);
                lo[first + j] = q[1];
                hi[first + j] = q[2];
            });
            progress.step(c0 + g, d);
        }
        double[] scale = new double[d];
        double[] multiplier = new double[d];
        double normalRange = unitVariance ? NormalQuantile.ppf(qMax / 100) - NormalQuantile.ppf(qMin / 100) : 1;
        for (int j = 0; j < d; j++) {
            double range = hi[j] - lo[j];
            scale[j] = (range < 10 * Math.ulp(1.0) ? 1.0 : range) / normalRange;
            multiplier[j] = withScaling ? 1.0 / scale[j] : 1.0;
        }
        Map<String, double[]> attrs = new LinkedHashMap<>();
        attrs.put("center", median.clone());
        attrs.put("scale", scale);
        Provenance prov = Provenance.of(KIND, Map.of("quantile_range", List.of(qMin, qMax), "with_centering",
                withCentering, "with_scaling", withScaling, "unit_variance", unitVariance), 0, n + " x " + d);
        return new ColumnScaling(KIND, withCentering ? median : new double[d], multiplier, new double[d], attrs, prov);
    }

    /**
     * numpy's float32 median once {@link #percentiles} has put the middle order statistics in place: the mean of
     * the two middle values in float32 arithmetic, as {@code np.median} computes it.
     */
    private static double floatMedian(float[] a, int off, int n) {
        float below = a[off + (n - 1) / 2];
        float above = a[off + n / 2];
        return (below + above) / 2f;
    }

    /** Copies columns {@code [c0, c0 + g)} of {@code x} into {@code out}, column after column. */
    private static void gather(RowSubset x, int c0, int g, float[] out) {
        int n = x.rows();
        int d = x.cols();
        if (x.isTransformed()) {
            Blocks.parallel(n, d, (from, to, buf) -> {
                x.copyRows(from, to, buf, 0);
                for (int r = 0; r < to - from; r++) {
                    for (int j = 0; j < g; j++) {
                        out[j * n + from + r] = buf[r * d + c0 + j];
                    }
                }
            });
            return;
        }
        MemorySegment seg = x.matrix().segment();
        Blocks.parallel(n, g, (from, to, buf) -> {
            for (int r = from; r < to; r++) {
                MemorySegment.copy(seg, FloatMatrix.LAYOUT, 4L * ((long) x.row(r) * d + c0), buf, (r - from) * g, g);
            }
            for (int r = 0; r < to - from; r++) {
                for (int j = 0; j < g; j++) {
                    out[j * n + from + r] = buf[r * g + j];
                }
            }
        });
    }

    /**
     * numpy's {@code percentile(a, qs)} with the linear method of {@code a[off .. off + n)}, which is reordered.
     * Order statistics are selected in increasing rank, each search confined to the part right of the previous.
     */
    static double[] percentiles(float[] a, int off, int n, double... qs) {
        int m = qs.length;
        double[] index = new double[m];
        int[] ranks = new int[2 * m];
        for (int i = 0; i < m; i++) {
            index[i] = qs[i] / 100 * (n - 1);
            int below = (int) Math.floor(index[i]);
            ranks[2 * i] = below;
            ranks[2 * i + 1] = Math.min(n - 1, below + 1);
        }
        int[] sorted = ranks.clone();
        java.util.Arrays.sort(sorted);
        int left = 0;
        for (int k : sorted) {
            if (k >= left) {
                select(a, off, left, n - 1, k);
                left = k + 1;
            }
        }
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            double below = a[off + ranks[2 * i]];
            double above = a[off + ranks[2 * i + 1]];
            double t = index[i] - ranks[2 * i];
            double diff = above - below;
            out[i] = t >= 0.5 ? above - diff * (1 - t) : below + diff * t;
        }
        return out;
    }

    /**
     * Wirth's selection (Algorithms + Data Structures = Programs, 1976) with a median-of-three pivot: afterwards
     * {@code a[off + k]} holds the k-th smallest of ranks {@code [lo, hi]}, smaller ones left, larger right.
     */
    private static void select(float[] a, int off, int lo, int hi, int k) {
        int l = off + lo;
        int m = off + hi;
        int target = off + k;
        while (l < m) {
            int mid = (l + m) >>> 1;
            float x = median3(a[l], a[mid], a[m]);
            int i = l;
            int j = m;
            do {
                while (a[i] < x) {
                    i++;
                }
                while (x < a[j]) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            } while (i <= j);
            if (j < target) {
                l = i;
            }
            if (target < i) {
                m = j;
            }
        }
    }

    private static float median3(float a, float b, float c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
