package org.descry.metrics;

import java.util.Objects;
import org.descry.data.DescryException;

/**
 * Counts of rows per (class, cluster) pair: scikit-learn's {@code contingency_matrix(labels_true, labels_pred)},
 * dense, row-major, classes (the truth) as rows and clusters as columns, both in increasing order of label
 * value. The input of every external metric.
 *
 * <p>Rows whose truth or prediction is {@link TruthLabels#MISSING} are left out; all other values, including
 * {@code -1}, are labels like any other, as in scikit-learn.
 *
 * @param classes the distinct truth labels, increasing
 * @param clusters the distinct predicted labels, increasing
 * @param counts {@code counts[i * clusters.length + j]}: rows of class {@code i} in cluster {@code j}
 */
public record ContingencyMatrix(int[] classes, int[] clusters, long[] counts) {

    /** Largest dense table built: 2^28 cells (2 GB of longs). */
    public static final long MAX_CELLS = 1L << 28;

    public ContingencyMatrix {
        Objects.requireNonNull(classes, "classes");
        Objects.requireNonNull(clusters, "clusters");
        Objects.requireNonNull(counts, "counts");
        if ((long) classes.length * clusters.length != counts.length) {
            throw new IllegalArgumentException("counts has " + counts.length + " cells, " + classes.length + " x "
                    + clusters.length + " expected");
        }
    }

    /**
     * The table of {@code truth} against {@code pred} (same length).
     *
     * @throws DescryException when the lengths differ, no row has both labels, or the table is too large
     */
    public static ContingencyMatrix of(int[] truth, int[] pred) {
        if (truth == null || pred == null) {
            throw new DescryException((truth == null ? "truth" : "pred") + ": missing");
        }
        if (truth.length != pred.length) {
            throw new DescryException("truth has " + truth.length + " labels, pred has " + pred.length);
        }
        int n = truth.length;
        int[] t = truth;
        int[] p = pred;
        int both = 0;
        for (int r = 0; r < n; r++) {
            both += truth[r] != TruthLabels.MISSING && pred[r] != TruthLabels.MISSING ? 1 : 0;
        }
        if (both != n) {
            t = new int[both];
            p = new int[both];
            for (int r = 0, j = 0; r < n; r++) {
                if (truth[r] != TruthLabels.MISSING && pred[r] != TruthLabels.MISSING) {
                    t[j] = truth[r];
                    p[j++] = pred[r];
                }
            }
        }
        if (both == 0) {
            throw new DescryException("truth: no row has both a truth and a predicted label (" + n + " rows)");
        }
        ClusterLabels ct = ClusterLabels.of(t, null);
        ClusterLabels cp = ClusterLabels.of(p, null);
        long cells = (long) ct.k() * cp.k();
        if (cells > MAX_CELLS) {
            throw new DescryException("truth: " + ct.k() + " classes x " + cp.k() + " clusters is too large a table");
        }
        long[] counts = new long[(int) cells];
        int c = cp.k();
        for (int r = 0; r < both; r++) {
            counts[ct.code[r] * c + cp.code[r]]++;
        }
        return new ContingencyMatrix(ct.values, cp.values, counts);
    }

    /** The table of a text truth (empty values left out) against {@code pred}. */
    public static ContingencyMatrix of(TruthLabels truth, int[] pred) {
        Objects.requireNonNull(truth, "truth");
        return of(truth.codes(), pred);
    }

    /** Rows counted. */
    public long n() {
        long s = 0;
        for (long v : counts) {
            s += v;
        }
        return s;
    }

    /** Number of classes (table rows). */
    public int rows() {
        return classes.length;
    }

    /** Number of clusters (table columns). */
    public int cols() {
        return clusters.length;
    }

    /** {@code counts[i * cols() + j]}. */
    public long count(int i, int j) {
        return counts[i * clusters.length + j];
    }

    /** Rows per class. */
    public long[] rowSums() {
        long[] s = new long[rows()];
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < cols(); j++) {
                s[i] += count(i, j);
            }
        }
        return s;
    }

    /** Rows per cluster. */
    public long[] colSums() {
        long[] s = new long[cols()];
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < cols(); j++) {
                s[j] += count(i, j);
            }
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContingencyMatrix m && java.util.Arrays.equals(classes, m.classes)
                && java.util.Arrays.equals(clusters, m.clusters) && java.util.Arrays.equals(counts, m.counts);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ContingencyMatrix[" + rows() + " classes x " + cols() + " clusters, n = " + n() + "]";
    }
}
