package org.descry.metrics;

import java.util.List;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowBlocks;
import org.descry.linalg.Kernels;

/**
 * Inertia: the sum of squared Euclidean distances of rows to their cluster's centre, the objective k-means
 * minimises (scikit-learn's {@code KMeans.inertia_}). Either to the clusters' own means or to given centres.
 * Per-row distances use the float kernels, the sum over rows is in double.
 */
public final class Inertia {

    private Inertia() {}

    /** Inertia about the clusters' own means, noise rows left out. */
    public static double of(FloatMatrix x, int[] labels) {
        return of(ClusterDispersion.of(x, labels, Noise.EXCLUDE, Progress.NONE));
    }

    /** Inertia about the clusters' own means. */
    public static double of(ClusterDispersion m) {
        double s = 0;
        for (int c = 0; c < m.clusters(); c++) {
            s += m.withinSquares(c);
        }
        return s;
    }

    /**
     * Inertia about given centres: row {@code r} is measured against row {@code labels[r]} of {@code centres}
     * (the labels and centres of a fitted k-means); rows labelled {@link Noise#LABEL} are left out.
     *
     * @throws DescryException when a label is not a centre row, the widths or lengths disagree, or a value is
     *     not finite
     */
    public static double of(FloatMatrix x, int[] labels, FloatMatrix centres) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(centres, "centres");
        if (labels == null || labels.length != x.rows()) {
            throw new DescryException("labels: " + (labels == null ? "missing" : labels.length + " values")
                    + " for " + x.rows() + " rows of x");
        }
        if (centres.cols() != x.cols()) {
            throw new DescryException("centres: " + centres.cols() + " columns, x has " + x.cols());
        }
        for (int r = 0; r < labels.length; r++) {
            if (labels[r] != Noise.LABEL && (labels[r] < 0 || labels[r] >= centres.rows())) {
                throw new DescryException("labels: row " + r + " has label " + labels[r] + ", centres has rows 0 to "
                        + (centres.rows() - 1));
            }
        }
        float[] c = centres.toArray();
        for (int i = 0; i < c.length; i++) {
            if (!Float.isFinite(c[i])) {
                throw new DescryException("centres: row " + i / x.cols() + " is not finite");
            }
        }
        int d = x.cols();
        Kernels kernels = Kernels.best();
        List<double[]> parts = RowBlocks.run(x, () -> new double[1], (acc, buf, from, to) -> {
            for (int r = from; r < to; r++) {
                if (labels[r] != Noise.LABEL) {
                    acc[0] += kernels.squaredDistance(buf, (r - from) * d, c, labels[r] * d, d);
                }
            }
        }, Progress.NONE);
        double s = 0;
        for (double[] p : parts) {
            s += p[0];
        }
        if (!Double.isFinite(s)) {
            throw new DescryException("x: holds NaN or infinite values; metrics need finite values");
        }
        return s;
    }
}
