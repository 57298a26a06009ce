package org.descry.study;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.descry.cluster.BisectingKMeans;
import org.descry.cluster.CovarianceType;
import org.descry.cluster.GaussianMixture;
import org.descry.cluster.KMeans;
import org.descry.cluster.MiniBatchKMeans;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.ClusterModel;

/**
 * Which clustering algorithm a pipeline runs, by the names the command line uses, with scikit-learn's defaults
 * for everything not given here.
 *
 * @param algorithm  one of {@link #ALGORITHMS}
 * @param k          number of clusters (mixture components), {@code >= 1}
 * @param seed       random seed
 * @param nInit      independent initialisations (the best wins), or 0 for scikit-learn 1.2's default of the
 *                   algorithm: 10 for k-means, 3 for mini-batch, 1 for bisecting k-means and Gaussian mixtures
 * @param covariance covariance type of a Gaussian mixture (ignored by the others)
 */
public record Clustering(String algorithm, int k, long seed, int nInit, CovarianceType covariance) {

    /** Algorithm names, as {@code descry cluster --algorithm} takes them. */
    public static final List<String> ALGORITHMS = List.of("kmeans", "minibatch", "bisecting", "gmm");

    public Clustering {
        algorithm = algorithm == null ? "" : algorithm.trim().toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.contains(algorithm)) {
            throw new DescryException("algorithm must be one of " + String.join("|", ALGORITHMS) + ", got '" + algorithm
                    + "'");
        }
        if (k < 1) {
            throw new DescryException("k must be >= 1, got " + k);
        }
        if (nInit < 0) {
            throw new DescryException("n_init must be >= 1 (or 0 for the algorithm's default), got " + nInit);
        }
        Objects.requireNonNull(covariance, "covariance");
    }

    /** With each algorithm's default {@code n_init} and full covariances. */
    public Clustering(String algorithm, int k, long seed) {
        this(algorithm, k, seed, 0, CovarianceType.FULL);
    }

    /** Fits the algorithm on {@code x}; {@code k} must not exceed the row count. */
    public ClusterModel fit(FloatMatrix x, Progress progress) {
        if (k > x.rows()) {
            throw new DescryException("k must be in [1, n=" + x.rows() + "], got " + k);
        }
        return switch (algorithm) {
            case "kmeans" -> {
                KMeans c = KMeans.of(k).withSeed(seed);
                yield (nInit > 0 ? c.withNInit(nInit) : c).fit(x, progress);
            }
            case "minibatch" -> {
                MiniBatchKMeans c = MiniBatchKMeans.of(k).withSeed(seed);
                yield (nInit > 0 ? c.withNInit(nInit) : c).fit(x, progress);
            }
            case "bisecting" -> {
                BisectingKMeans c = BisectingKMeans.of(k).withSeed(seed);
                yield (nInit > 0 ? c.withNInit(nInit) : c).fit(x, progress);
            }
            case "gmm" -> {
                GaussianMixture c = GaussianMixture.of(k).withSeed(seed).withCovarianceType(covariance);
                yield GaussianMixture.fit(x, nInit > 0 ? c.withNInit(nInit) : c, progress);
            }
            default -> throw new IllegalStateException("unreachable: " + algorithm);
        };
    }
}
