package org.descry.cluster;

import java.util.Locale;
import org.descry.data.DescryException;

/** How a Gaussian mixture picks its starting responsibilities, as scikit-learn's {@code init_params}. */
public enum MixtureInit {
    /** Hard responsibilities from the labels of a k-means fit (k-means++ seeding, Lloyd iterations). */
    KMEANS("kmeans"),
    /** Hard responsibilities: each component starts from one row chosen by k-means++ seeding. */
    KMEANS_PLUS_PLUS("k-means++"),
    /** Responsibilities drawn uniformly at random and normalised per row. */
    RANDOM("random"),
    /** Hard responsibilities: each component starts from one row drawn at random without replacement. */
    RANDOM_FROM_DATA("random_from_data");

    private final String sklearnName;

    MixtureInit(String sklearnName) {
        this.sklearnName = sklearnName;
    }

    /** The name scikit-learn uses. */
    public String sklearnName() {
        return sklearnName;
    }

    /** Parses a scikit-learn name, case-insensitively. */
    public static MixtureInit parse(String name) {
        for (MixtureInit t : values()) {
            if (t.sklearnName.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new DescryException("init must be kmeans, k-means++, random or random_from_data, got " + name);
    }
}
