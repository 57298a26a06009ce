package org.descry.outlier;

import org.descry.data.FloatMatrix;
import org.descry.knn.KnnGraph;

/**
 * A detector that scores from the {@code k}-NN self graph of the training rows. {@link RankEnsemble} builds one
 * graph, as wide as its widest such member needs, and fits every such member from it (each reads the first
 * columns it needs), instead of one search per member.
 */
public interface GraphDetector extends OutlierDetector {

    /** Neighbours per row the fit reads on {@code n} training rows. */
    int neighbours(int n);

    /** Training rows up to which the graph and the queries are exact ({@link Neighbours#EXACT_LIMIT}). */
    int exactLimit();

    /** The same detector with another exact limit (0: always approximate). */
    GraphDetector withExactLimit(int limit);

    /** Worker threads. */
    int threads();

    /**
     * Fits from {@code graph}, a Euclidean self graph of {@code x} with at least {@link #neighbours} columns, and
     * {@code neighbours}, the source new rows are searched in.
     */
    GraphModel fit(FloatMatrix x, KnnGraph graph, Neighbours neighbours);

    /** Checks the exact limit of a record's compact constructor. */
    static void checkExactLimit(int exactLimit) {
        if (exactLimit < 0) {
            throw new IllegalArgumentException("exactLimit must be >= 0, got " + exactLimit);
        }
    }
}
