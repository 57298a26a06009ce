package org.descry.cluster;

import java.util.Locale;

/**
 * How agglomerative clustering measures the distance between two clusters, scikit-learn's {@code linkage}.
 */
public enum Linkage {
    /** The increase of the within-cluster sum of squares (Ward 1963); Euclidean only. */
    WARD,
    /** The largest distance between members of the two clusters. */
    COMPLETE,
    /** The mean distance between members of the two clusters (UPGMA). */
    AVERAGE,
    /** The smallest distance between members of the two clusters. */
    SINGLE;

    /** The linkage by its scikit-learn name ({@code ward}, {@code complete}, {@code average}, {@code single}). */
    public static Linkage parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "ward" -> WARD;
            case "complete" -> COMPLETE;
            case "average" -> AVERAGE;
            case "single" -> SINGLE;
            default -> throw new IllegalArgumentException(
                    "linkage must be ward, complete, average or single, got '" + name + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
