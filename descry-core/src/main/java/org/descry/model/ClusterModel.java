package org.descry.model;

import org.descry.data.FloatMatrix;

/**
 * A fitted clustering that assigns new rows to its clusters (k-means, Gaussian mixture ...). Labels are
 * {@code 0 .. k-1}; {@code -1} marks noise for methods that have it.
 */
public interface ClusterModel {

    /** Number of clusters. */
    int k();

    /** Width of the rows it takes. */
    int inputWidth();

    /** The labels of the rows it was fitted on, in row order. */
    int[] labels();

    /** The cluster of each row of {@code x}. */
    int[] predict(FloatMatrix x);

    /** Where it came from. */
    Provenance provenance();

    /** Saves it as a model folder ({@link ModelStore}). */
    void save(java.nio.file.Path dir) throws java.io.IOException;
}
