package org.descry.study;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.descry.cluster.BisectingKMeans;
import org.descry.cluster.AgglomerativeClustering;
import org.descry.cluster.CovarianceType;
import org.descry.cluster.GaussianMixture;
import org.descry.cluster.Dbscan;
import org.descry.cluster.Hdbscan;
import org.descry.cluster.KDistance;
import org.descry.cluster.Optics;
import org.descry.cluster.KMeans;
import org.descry.cluster.Leiden;
import org.descry.cluster.Linkage;
import org.descry.cluster.MiniBatchKMeans;
import org.descry.cluster.UmapClustering;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.embed.Umap;
import org.descry.embed.UmapModel;
import org.descry.model.ClusterModel;
import org.descry.model.Provenance;

/**
 * Which clustering algorithm a pipeline runs, by the names the command line uses, with scikit-learn's defaults
 * (the {@code hdbscan} library's for HDBSCAN) for everything not given here.
 *
 * @param algorithm      one of {@link #ALGORITHMS}
 * @param k              number of clusters (mixture components), {@code >= 1}; ignored by the density methods
 *                       ({@link #usesK()})
 * @param seed           random seed
 * @param nInit          independent initialisations (the best wins), or 0 for scikit-learn 1.2's default of the
 *                       algorithm: 10 for k-means, 3 for mini-batch, 1 for bisecting k-means and Gaussian mixtures
 * @param covariance     covariance type of a Gaussian mixture (ignored by the others)
 * @param minClusterSize HDBSCAN's smallest cluster, {@code >= 2}
 *                       (OPTICS's {@code min_cluster_size} too)
 * @param minSamples     HDBSCAN's, DBSCAN's and OPTICS's neighbourhood size for core distances, or 0 for the
 *                       algorithm's default (HDBSCAN: {@code minClusterSize}; DBSCAN and OPTICS: 5)
 * @param eps            DBSCAN's radius, or 0 for the knee of the k-distance curve ({@link KDistance}, k =
 *                       {@code minSamples}, on a seeded sample of 5,000 rows)
 * @param linkage        agglomerative clustering's linkage
 * @param neighbors      agglomerative clustering's connectivity: a kNN graph of this many neighbours (the seed
 *                       study's 15; exact up to {@link #EXACT_GRAPH_LIMIT} rows, NN-descent above), or 0 for none;
 *                       Leiden's graph of this many neighbours counting the row itself (15 when 0)
 */
public record Clustering(String algorithm, int k, long seed, int nInit, CovarianceType covariance,
                         int minClusterSize, int minSamples, double eps, Linkage linkage, int neighbors) {

    /**
     * Algorithm names, as {@code descry cluster --algorithm} takes them. Each may also be prefixed with
     * {@link #EMBEDDED_PREFIX} ({@code umap-kmeans}): the algorithm then runs in a UMAP embedding of the rows
     * ({@link #embedding()}, {@link UmapClustering}).
     */
    public static final List<String> ALGORITHMS = List.of("kmeans", "minibatch", "bisecting", "gmm",
            "agglomerative", "leiden", "dbscan", "optics", "hdbscan");

    /** The prefix that runs an algorithm in a UMAP embedding of the rows. */
    public static final String EMBEDDED_PREFIX = "umap-";

    /**
     * Components of the UMAP an embedded algorithm clusters in: umap-learn's documentation suggests more than two
     * for clustering; 10 kept the gain of the naming trial's prototype ({@code descry-bench/umap_naming.py}).
     */
    public static final int UMAP_COMPONENTS = 10;

    /** Epochs of the UMAP an embedded algorithm clusters in ({@link #embedding()}). */
    public static final int UMAP_EPOCHS = 200;

    /** Rows up to which agglomerative clustering's kNN connectivity graph is exact. */
    public static final int EXACT_GRAPH_LIMIT = 50_000;

    /** Algorithms that find the number of clusters themselves. */
    private static final List<String> WITHOUT_K = List.of("dbscan", "optics", "hdbscan");

    /** Rows above which OPTICS follows a kNN graph instead of every pair ({@link Optics.Neighbourhood}). */
    public static final int OPTICS_EXACT_LIMIT = 20_000;

    public Clustering {
        algorithm = algorithm == null ? "" : algorithm.trim().toLowerCase(Locale.ROOT);
        if (!known(algorithm)) {
            throw new DescryException("algorithm must be one of " + String.join("|", ALGORITHMS) + " (or "
                    + EMBEDDED_PREFIX + "<one of them>), got '" + algorithm + "'");
        }
        if (k < 1) {
            throw new DescryException("k must be >= 1, got " + k);
        }
        if (nInit < 0) {
            throw new DescryException("n_init must be >= 1 (or 0 for the algorithm's default), got " + nInit);
        }
        Objects.requireNonNull(covariance, "covariance");
        if (minClusterSize < 2) {
            throw new DescryException("min_cluster_size must be >= 2, got " + minClusterSize);
        }
        if (minSamples < 0) {
            throw new DescryException("min_samples must be >= 1 (or 0 for the algorithm's default), got "
                    + minSamples);
        }
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new DescryException("eps must be > 0 (or 0 for the k-distance knee), got " + eps);
        }
        Objects.requireNonNull(linkage, "linkage");
        if (neighbors < 0) {
            throw new DescryException("neighbors must be >= 1 (or 0 for no connectivity), got " + neighbors);
        }
    }

    /** With each algorithm's default {@code n_init} and full covariances. */
    public Clustering(String algorithm, int k, long seed) {
        this(algorithm, k, seed, 0, CovarianceType.FULL);
    }

    /** With the density methods' defaults (HDBSCAN: min_cluster_size 5, min_samples = min_cluster_size). */
    public Clustering(String algorithm, int k, long seed, int nInit, CovarianceType covariance) {
        this(algorithm, k, seed, nInit, covariance, 5, 0, 0, Linkage.WARD, 15);
    }

    /** Whether {@code name} is an algorithm of {@link #ALGORITHMS}, or one of them after {@link #EMBEDDED_PREFIX}. */
    public static boolean known(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return ALGORITHMS.contains(n.startsWith(EMBEDDED_PREFIX) ? n.substring(EMBEDDED_PREFIX.length()) : n);
    }

    /** Whether {@link #k()} is the number of clusters; false for methods that find it themselves. */
    public boolean usesK() {
        return !WITHOUT_K.contains(baseAlgorithm());
    }

    /** Whether the algorithm runs in a UMAP embedding of the rows ({@link #EMBEDDED_PREFIX}). */
    public boolean embedded() {
        return algorithm.startsWith(EMBEDDED_PREFIX);
    }

    /** The algorithm without {@link #EMBEDDED_PREFIX}. */
    public String baseAlgorithm() {
        return embedded() ? algorithm.substring(EMBEDDED_PREFIX.length()) : algorithm;
    }

    /**
     * The UMAP an embedded algorithm clusters in: umap-learn's defaults with {@code min_dist} 0, as its "Using
     * UMAP for clustering" advises, {@link #UMAP_COMPONENTS} components, this seed, and
     * {@link #UMAP_EPOCHS} epochs on one thread.
     *
     * <p>One thread because the layout's parallel steps race without locks, as umap-learn's do: on one thread a
     * seed gives the same embedding every time, so a trial or a study can be run again and get the same clusters.
     * 200 epochs (umap-learn's own number above 10,000 rows) because on the fashion case's naming trial the inner
     * validation figures at 500 were within the run-to-run noise of those at 200 while the fit took twice as long
     * ({@code descry-bench/README.md}, "Session 7"); on one thread the 200 epochs cost 1.5 times the 2-thread time.
     */
    public Umap embedding() {
        return Umap.umapLearn().withMinDist(0).withComponents(UMAP_COMPONENTS).withSeed(seed).withThreads(1)
                .withEpochs(UMAP_EPOCHS);
    }

    public Clustering withSeed(long value) {
        return new Clustering(algorithm, k, value, nInit, covariance, minClusterSize, minSamples, eps, linkage,
                neighbors);
    }

    public Clustering withDensity(int minClusterSizeValue, int minSamplesValue, double epsValue) {
        return new Clustering(algorithm, k, seed, nInit, covariance, minClusterSizeValue, minSamplesValue, epsValue,
                linkage, neighbors);
    }

    public Clustering withLinkage(Linkage linkageValue, int neighborsValue) {
        return new Clustering(algorithm, k, seed, nInit, covariance, minClusterSize, minSamples, eps, linkageValue,
                neighborsValue);
    }

    /** The agglomerative configuration for {@code n} rows (its graph exact or approximate by size). */
    public AgglomerativeClustering agglomerative(int n) {
        AgglomerativeClustering a = AgglomerativeClustering.of(k).withLinkage(linkage).withSeed(seed);
        if (neighbors == 0) {
            return a;
        }
        return n <= EXACT_GRAPH_LIMIT ? a.withKnnConnectivity(neighbors)
                : a.withApproximateKnnConnectivity(neighbors);
    }

    /** The k-means configuration {@link #fit} runs for {@code kmeans}. */
    public KMeans kmeans() {
        KMeans c = KMeans.of(k).withSeed(seed);
        return nInit > 0 ? c.withNInit(nInit) : c;
    }

    /**
     * The Leiden configuration {@link #fit} runs for {@code leiden}: at most {@code k} communities of the rows'
     * fuzzy graph of {@link #neighbors} neighbours (15, scanpy's and umap-learn's default, when 0).
     */
    public Leiden leiden() {
        return Leiden.of(k).withNeighbors(neighbors > 0 ? neighbors : 15).withSeed(seed);
    }

    /** The HDBSCAN configuration {@link #fit} runs for {@code hdbscan}. */
    public Hdbscan hdbscan() {
        return Hdbscan.of(minClusterSize).withMinSamples(minSamples).withSeed(seed);
    }

    private int densitySamples() {
        return minSamples > 0 ? minSamples : 5;
    }

    /** Fits the algorithm on {@code x}; {@code k} must not exceed the row count. */
    public ClusterModel fit(FloatMatrix x, Progress progress) {
        if (usesK() && k > x.rows()) {
            throw new DescryException("k must be in [1, n=" + x.rows() + "], got " + k);
        }
        if (embedded()) {
            return fitEmbedded(embedding().fit(x, progress), progress);
        }
        return switch (algorithm) {
            case "kmeans" -> kmeans().fit(x, progress);
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
            case "agglomerative" -> agglomerative(x.rows()).fit(x, progress);
            case "leiden" -> leiden().fit(x, progress);
            case "hdbscan" -> hdbscan().fit(x, progress);
            case "dbscan" -> {
                double r = eps > 0 ? eps : KDistance.of(densitySamples()).withSample(Math.min(5_000, x.rows()), seed)
                        .fit(x, Progress.NONE).kneeEps();
                yield Dbscan.of(r).withMinSamples(densitySamples()).fit(x, progress);
            }
            case "optics" -> {
                Optics o = Optics.of(densitySamples()).withMinClusterSize(minClusterSize).withSeed(seed);
                if (x.rows() > OPTICS_EXACT_LIMIT) {
                    o = o.withGraph(Optics.Neighbourhood.KNN_DESCENT, Math.max(20, densitySamples()));
                }
                yield o.fit(x, progress);
            }
            default -> throw new IllegalStateException("unreachable: " + algorithm);
        };
    }

    /**
     * An embedded algorithm fitted in {@code umap}, a fit of {@link #embedding()} on the rows to cluster: a caller
     * that tries several {@code k} or algorithms on the same rows fits the UMAP once.
     */
    public UmapClustering fitEmbedded(UmapModel umap, Progress progress) {
        if (!embedded()) {
            throw new IllegalStateException(algorithm + " does not run in an embedding");
        }
        ClusterModel inner = new Clustering(baseAlgorithm(), k, seed, nInit, covariance, minClusterSize, minSamples,
                eps, linkage, neighbors).fit(umap.embedding(), progress);
        return new UmapClustering(umap, inner, Provenance.of(UmapClustering.KIND, java.util.Map.of("algorithm",
                algorithm, "k", k, "n_components", umap.config().nComponents()), seed,
                umap.training().rows() + " x " + umap.training().cols()));
    }
}
