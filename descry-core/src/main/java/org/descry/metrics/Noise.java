package org.descry.metrics;

/**
 * What the internal metrics do with rows labelled {@link #LABEL} ({@code -1}), the noise label of DBSCAN and
 * HDBSCAN.
 *
 * <p>scikit-learn has no notion of noise: it scores {@code -1} as one more cluster, which rewards or punishes
 * a clustering for a group that is not a cluster. Descry leaves noise rows out by default ({@link #EXCLUDE}), as
 * most users mean; {@link #CLUSTER} gives scikit-learn's numbers.
 */
public enum Noise {
    /** Noise rows are left out: the metric is computed on the other rows as if the noise rows were absent. */
    EXCLUDE,
    /** {@code -1} is a cluster like any other, as in scikit-learn. */
    CLUSTER;

    /** The noise label. */
    public static final int LABEL = -1;
}
