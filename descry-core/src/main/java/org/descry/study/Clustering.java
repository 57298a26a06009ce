package org.descry.study;

import java.util.Arrays;
import java.util.Locale;
import org.descry.cluster.BisectingKMeans;
import org.descry.cluster.KMeans;
import org.descry.cluster.MiniBatchKMeans;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.ClusterModel;

/**
 * Which clustering algorithm a pipeline runs, by the names the command line uses, with scikit-learn's defaults
 * for everything but {@code k} and the seed.
 *
 * @param algorithm one of {@link #ALGORITHMS}
 * @param k         number of clusters, {@code >= 1}
 * @param seed      random seed
 * @param nInit     independent initialisations of k-means (the best inertia wins); 10 as scikit-learn 1.2
 */
public record Clustering(String algorithm, int k, long seed, int nInit) {

    /** Algorithm names, as {@code descry cluster --algorithm} takes them. */
    public static final java.util.List<String> ALGORITHMS = java.util.List.of("kmeans", "minibatch", "bisecting");

    public Clustering {
        algorithm = algorithm == null ? "" : algorithm.trim().toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.contains(algorithm)) {
            throw new DescryException("algorithm must be one of " + String.join("|", ALGORITHMS) + ", got '" + algorithm
                    + "'");
        }
        if (k < 1) {
            throw new DescryException("k must be >= 1, got " + k);
        }
        if (nInit < 1) {
            throw new DescryException("n_init must be >= 1, got " + nInit);
        }
    }

    /** With scikit-learn 1.2's {@code n_init=10}. */
    public Clustering(String algorithm, int k, long seed) {
        this(algorithm, k, seed, 10);
    }

    /** Fits the algorithm on {@code x}; {@code k} must not exceed the row count. */
    public ClusterModel fit(FloatMatrix x, Progress progress) {
        if (k > x.rows()) {
            throw new DescryException("k must be in [1, n=" + x.rows() + "], got " + k);
        }
        return switch (algorithm) {
            case "kmeans" -> KMeans.of(k).withSeed(seed).withNInit(nInit).fit(x, progress);
            case "minibatch" -> MiniBatchKMeans.of(k).withSeed(seed).fit(x, progress);
            case "bisecting" -> BisectingKMeans.of(k).withSeed(seed).withNInit(nInit).fit(x, progress);
            default -> throw new IllegalStateException("unreachable: " + algorithm + " in " + Arrays.toString(ALGORITHMS.toArray()));
        };
    }
}
