package org.descry.metrics;

import java.util.List;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowBlocks;
import org.descry.linalg.Kernels;

/**
 * Cluster sizes, centroids and within-cluster spread of a labelled matrix: everything
 * {@link CalinskiHarabasz}, {@link DaviesBouldin} and {@link Inertia} need, from two parallel passes over the
 * rows, so a caller that wants several of them reads the data twice, not once per metric.
 *
 * <p>Pass one sums rows per cluster in double (centroids and the overall mean); pass two sums, per cluster,
 * {@code ||x - c||^2} and {@code ||x - c||}. The second pass measures against the centroid rounded to float
 * with the float kernels: over the cluster this adds {@code n_k ||c - fl(c)||^2 <= n_k u^2 ||c||^2} to a sum
 * of size about {@code n_k d sigma^2}, far below the float32 rounding of the data itself. Per-row sums go into
 * double accumulators. Clusters are coded {@code 0 .. k-1} in increasing order of their label value, as
 * scikit-learn's {@code LabelEncoder} does.
 */
public final class ClusterDispersion {

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

        float[] centroidsF = new float[k * d];
        for (int i = 0; i < centroidsF.length; i++) {
            centroidsF[i] = (float) centroids[i];
        }
        Kernels kernels = Kernels.best();
        List<double[]> spread = RowBlocks.run(x, () -> new double[2 * k], (acc, buf, from, to) -> {
            for (int r = from; r < to; r++) {
                int c = code[r];
                if (c < 0) {
                    continue;
                }
                double s = kernels.squaredDistance(buf, (r - from) * d, centroidsF, c * d, d);
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
