package org.descry.knn;

import java.util.Objects;

/**
 * A sparse {@code rows x cols} matrix in compressed sparse row form, the arrays of a
 * {@code scipy.sparse.csr_matrix}: row {@code i} holds columns {@code indices[indptr[i] .. indptr[i+1])} with
 * values {@code data[...]} at the same positions. What {@link KnnGraph#toCsr} and {@link KnnGraph#symmetrized}
 * return, for the graph algorithms that take scikit-learn's sparse graphs.
 */
public record CsrGraph(int rows, int cols, int[] indptr, int[] indices, float[] data) {

    /** What a stored value means, scikit-learn's {@code mode} of {@code kneighbors_graph}. */
    public enum Mode {
        /** Every edge is 1. */
        CONNECTIVITY,
        /** Every edge holds its distance. */
        DISTANCE;

        public static Mode parse(String name) {
            return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "connectivity" -> CONNECTIVITY;
                case "distance" -> DISTANCE;
                default -> throw new IllegalArgumentException(
                        "mode must be connectivity or distance, got '" + name + "'");
            };
        }
    }

    public CsrGraph {
        Objects.requireNonNull(indptr, "indptr");
        Objects.requireNonNull(indices, "indices");
        Objects.requireNonNull(data, "data");
        if (indptr.length != rows + 1 || indptr[0] != 0 || indptr[rows] != indices.length
                || data.length != indices.length) {
            throw new IllegalArgumentException("inconsistent CSR arrays: rows=" + rows + ", indptr " + indptr.length
                    + " long ending at " + indptr[indptr.length - 1] + ", " + indices.length + " indices, "
                    + data.length + " values");
        }
    }

    /** Number of stored entries. */
    public int nnz() {
        return indices.length;
    }
}
