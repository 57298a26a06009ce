package org.descry.metrics;

import java.util.List;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.descry.data.RowBlocks;
import org.descry.linalg.LaneSum;

/**
 * Cluster sizes, centroids and within-cluster spread of a labelled matrix: everything
 * {@link CalinskiHarabasz}, {@link DaviesBouldin} and {@link Inertia} need, from two parallel passes over the
 * rows, so a caller that wants several of them reads the data twice, not once per metric.
 *
 * <p>Pass one sums rows per cluster in double (centroids and the overall mean); pass two sums, per cluster,
 * {@code ||x - c||^2} and {@code ||x - c||} in double over rows. Within a row the differences are formed in
 * float32 vectors against the centroid split in two floats, {@code c = hi + lo}, as {@code (x - hi) - lo}:
 * {@code x - hi} is exact when {@code x} is near {@code c}, so the difference keeps its relative accuracy even
 * for tight clusters far from the origin, where rounding {@code c} to one float would shift every distance by
 * up to {@code u |c|}. Clusters are coded {@code 0 .. k-1} in increasing order of their label value, as
 * scikit-learn's {@code LabelEncoder} does.
 */
public final class ClusterDispersion {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private final int rows;
    private final int cols;
    private final int[] labelValues;
    private final int[] counts;
    private final double[] centroids;
    private final double[] mean;
    private final double[] withinSquares;
    private final double[] withinDistances;

    private ClusterDispersion(int rows, int cols, int[] labelValues, int[] counts, double[] centroids,
            double[] mean, double[] withinSquares, double[] withinDistances) {
        this.rows = rows;
        this.cols = cols;
        this.labelValues = labelValues;
        this.counts = counts;
        this.centroids = centroids;
        this.mean = mean;
        this.withinSquares = withinSquares;
        this.withinDistances = withinDistances;
    }

    /** {@link #of(FloatMatrix, int[], Noise, Progress)} leaving noise out, without progress. */
    public static ClusterDispersion of(FloatMatrix x, int[] labels) {
        return of(x, labels, Noise.EXCLUDE, Progress.NONE);
    }

    /**
     * Measures the clusters of {@code x} given by {@code labels} (one per row). Progress counts rows over both
     * passes ({@code 2 * rows}).
     *
     * @throws DescryException when the lengths disagree, no row is left, or {@code x} holds NaN or infinity
     */
    public static ClusterDispersion of(FloatMatrix x, int[] labels, Noise noise, Progress progress) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(progress, "progress");
        ClusterLabels cl = ClusterLabels.clustering(labels, x.rows(), noise);
        if (cl.kept == 0) {
            throw new DescryException("labels: no rows left to score (" + x.rows() + " rows, all noise)");
        }
        int d = x.cols();
        int k = cl.k();
        int[] code = cl.code;
        int n = x.rows();

        List<double[]> partial = RowBlocks.run(x, () -> new double[k * d], (sums, buf, from, to) -> {
            for (int r = from; r < to; r++) {
                int c = code[r];
                if (c < 0) {
                    continue;
                }
                int b = (r - from) * d;
                int o = c * d;
                for (int j = 0; j < d; j++) {
                    sums[o + j] += buf[b + j];
                }
            }
        }, (done, total) -> progress.step(done, 2L * n));
        double[] centroids = new double[k * d];
        for (double[] p : partial) {
            for (int i = 0; i < centroids.length; i++) {
                centroids[i] += p[i];
            }
        }
        double[] mean = new double[d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                mean[j] += centroids[c * d + j];
                centroids[c * d + j] /= cl.counts[c];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= cl.kept;
            if (!Double.isFinite(mean[j])) {
                throw nonFinite(x, code);
            }
        }

        float[] hi = new float[k * d];
        float[] lo = new float[k * d];
        for (int i = 0; i < hi.length; i++) {
            hi[i] = (float) centroids[i];
            lo[i] = (float) (centroids[i] - hi[i]);
        }
        List<double[]> spread = RowBlocks.run(x, () -> new double[2 * k], (acc, buf, from, to) -> {
            for (int r = from; r < to; r++) {
                int c = code[r];
                if (c < 0) {
                    continue;
                }
                double s = squaredDistance(buf, (r - from) * d, hi, lo, c * d, d);
                acc[c] += s;
                acc[k + c] += Math.sqrt(s);
            }
        }, (done, total) -> progress.step(n + done, 2L * n));
        double[] squares = new double[k];
        double[] distances = new double[k];
        for (double[] a : spread) {
            for (int c = 0; c < k; c++) {
                squares[c] += a[c];
                distances[c] += a[k + c];
            }
        }
        return new ClusterDispersion(cl.kept, d, cl.values, cl.counts, centroids, mean, squares, distances);
    }

    private static float squaredDistance(float[] x, int xo, float[] hi, float[] lo, int co, int d) {
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        int step = SPECIES.length();
        int j = 0;
        for (int bound = d - 2 * step; j <= bound; j += 2 * step) {
            FloatVector t0 = FloatVector.fromArray(SPECIES, x, xo + j).sub(FloatVector.fromArray(SPECIES, hi, co + j))
                    .sub(FloatVector.fromArray(SPECIES, lo, co + j));
            FloatVector t1 = FloatVector.fromArray(SPECIES, x, xo + j + step)
                    .sub(FloatVector.fromArray(SPECIES, hi, co + j + step))
                    .sub(FloatVector.fromArray(SPECIES, lo, co + j + step));
            s0 = t0.fma(t0, s0);
            s1 = t1.fma(t1, s1);
        }
        float s = LaneSum.of(s0.add(s1));
        for (; j < d; j++) {
            float t = (x[xo + j] - hi[co + j]) - lo[co + j];
            s += t * t;
        }
        return s;
    }

    private static DescryException nonFinite(FloatMatrix x, int[] code) {
        float[] row = new float[x.cols()];
        for (int r = 0; r < x.rows(); r++) {
            if (code[r] < 0) {
                continue;
            }
            x.copyRow(r, row, 0);
            for (int j = 0; j < row.length; j++) {
                if (!Float.isFinite(row[j])) {
                    return new DescryException("x: row " + r + " column " + j + " is " + row[j]
                            + "; metrics need finite values");
                }
            }
        }
        return new DescryException("x: the column sums overflow double; metrics need finite values");
    }

    /** Rows measured (noise left out when asked). */
    public int rows() {
        return rows;
    }

    /** Width of the data. */
    public int cols() {
        return cols;
    }

    /** Number of clusters. */
    public int clusters() {
        return labelValues.length;
    }

    /** The label value of cluster {@code c} (clusters are in increasing order of label value). */
    public int labelValue(int c) {
        return labelValues[c];
    }

    /** Rows in cluster {@code c}. */
    public int count(int c) {
        return counts[c];
    }

    /** Centroids, row-major {@code clusters x cols}, a copy. */
    public double[] centroids() {
        return centroids.clone();
    }

    /**
     * Centroids indexed by label value for labels {@code 0 .. k-1}, row-major {@code k x cols} float32, NaN for a
     * label with no row: what models that assign new rows to the nearest cluster keep.
     */
    public float[] centroidsByLabel(int k) {
        float[] out = new float[k * cols];
        java.util.Arrays.fill(out, Float.NaN);
        for (int c = 0; c < labelValues.length; c++) {
            int id = labelValues[c];
            if (id < 0 || id >= k) {
                throw new IllegalArgumentException("label " + id + " is outside 0.." + (k - 1));
            }
            for (int j = 0; j < cols; j++) {
                out[id * cols + j] = (float) centroids[c * cols + j];
            }
        }
        return out;
    }

    /** Rows per label value for labels {@code 0 .. k-1} (0 for a label with no row). */
    public int[] countsByLabel(int k) {
        int[] out = new int[k];
        for (int c = 0; c < labelValues.length; c++) {
            out[labelValues[c]] = counts[c];
        }
        return out;
    }

    /** Mean of all measured rows, a copy. */
    public double[] mean() {
        return mean.clone();
    }

    /** {@code sum ||x - c||^2} over the rows of cluster {@code c}. */
    public double withinSquares(int c) {
        return withinSquares[c];
    }

    /** {@code sum ||x - c||} over the rows of cluster {@code c}. */
    public double withinDistances(int c) {
        return withinDistances[c];
    }

    /** {@code sum_j (centroid_a[j] - centroid_b[j])^2}; {@code b = -1} means the overall mean. */
    double centroidSquaredDistance(int a, int b) {
        double s = 0;
        for (int j = 0; j < cols; j++) {
            double t = centroids[a * cols + j] - (b < 0 ? mean[j] : centroids[b * cols + j]);
            s += t * t;
        }
        return s;
    }
}
