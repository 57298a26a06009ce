package org.descry.cluster;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.knn.CsrGraph;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.NnDescent;
import org.descry.model.Provenance;

/**
 * Agglomerative (hierarchical) clustering with scikit-learn 1.2.1's {@code AgglomerativeClustering} semantics:
 * Ward, complete, average or single linkage, Euclidean distances, with or without a connectivity graph, and
 * the same merge tree ({@code children_}, {@code distances_}) and labels, numbered as scikit-learn numbers them.
 *
 * <p>With a connectivity graph (what the seed study used: {@code connectivity=kneighbors_graph(X, 15,
 * include_self=False)}) only clusters joined by an edge merge; the graph is symmetrised and, if disconnected,
 * completed by the closest pair between every two components ({@link ConnectivityGraph}). Ward then runs
 * {@code ward_tree}'s heap over connected pairs ({@link WardTree}), the others {@code linkage_tree}
 * ({@link LinkageTree}); memory and time grow with the edges, so 416,314 rows with a 15-NN graph take minutes.
 * Without a graph every pair is a candidate: scipy's {@code linkage} on the condensed distance matrix
 * ({@link DenseLinkage}), {@code n²/2} doubles, refused above {@link #denseLimit()} rows.
 *
 * <p>The whole tree is always built and kept: the fitted model cuts it for any number of clusters in
 * {@code O(n)} ({@link AgglomerativeModel#labelsAt}). Labels follow scikit-learn's default
 * {@code compute_full_tree="auto"}: {@code _hc_cut} numbering, except with a connectivity graph when
 * {@code k >= max(100, 0.02 n)}, where scikit-learn stops the tree early and numbers clusters by their top node.
 *
 * <p>Where it differs: edge distances for average/complete/single with a graph are computed in float64 from the
 * float32 rows; scikit-learn computes them with a float32 {@code einsum} whose summation order depends on the
 * CPU's vector width, so on float32 input two near-equal distances can rank differently there (the fixtures feed
 * scikit-learn the same values as float64). The graph for {@link Connectivity#EXACT_KNN} is {@link ExactKnn}'s,
 * equal to {@code kneighbors_graph} but where distances tie at float precision.
 *
 * @param k            number of clusters of the fitted labels, {@code >= 1} (at most the rows at fit time)
 * @param linkage      the linkage criterion
 * @param connectivity where the connectivity graph comes from
 * @param neighbors    neighbours per row of a kNN connectivity graph, {@code >= 1}
 * @param graph        the caller's graph when {@code connectivity} is {@link Connectivity#GIVEN}, else null
 * @param seed         seed of {@link NnDescent} for {@link Connectivity#APPROXIMATE_KNN}
 * @param denseLimit   most rows without a graph, in {@code [2, 65535]}
 * @param threads      worker threads, {@code >= 1}
 */
public record AgglomerativeClustering(int k, Linkage linkage, Connectivity connectivity, int neighbors,
                                      CsrGraph graph, long seed, int denseLimit, int threads) {

    /** Default {@link #denseLimit()}: the condensed distance matrix is then 1.6 GB. */
    public static final int DEFAULT_DENSE_LIMIT = 20_000;
    /** The largest {@link #denseLimit()}: the condensed matrix must fit one Java array. */
    public static final int MAX_DENSE_LIMIT = 65_535;

    private static final Logger LOG = Logger.getLogger(AgglomerativeClustering.class.getName());
    /**
     * Whether the completed-graph warning was given: it is given once per run, as Python's default warning filter
     * shows scikit-learn's once per place, and later ones are logged at {@code FINE} (a trial clusters hundreds of
     * UMAP embeddings, whose neighbourhood graphs are rarely connected).
     */
    private static final AtomicBoolean COMPLETION_WARNED = new AtomicBoolean();

    /** Where the connectivity graph comes from. */
    public enum Connectivity {
        /** None: every pair of clusters may merge (scikit-learn's default). */
        NONE,
        /** scikit-learn's {@code kneighbors_graph(X, neighbors, include_self=False)} by {@link ExactKnn}. */
        EXACT_KNN,
        /** The same graph approximated by {@link NnDescent}, for large {@code n}. */
        APPROXIMATE_KNN,
        /** A graph the caller gives, any {@code n x n} sparse matrix. */
        GIVEN;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public AgglomerativeClustering {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        Objects.requireNonNull(linkage, "linkage");
        Objects.requireNonNull(connectivity, "connectivity");
        if (neighbors < 1) {
            throw new IllegalArgumentException("neighbors must be >= 1, got " + neighbors);
        }
        if ((connectivity == Connectivity.GIVEN) != (graph != null)) {
            throw new IllegalArgumentException("graph must be given exactly when connectivity is 'given', got "
                    + "connectivity '" + connectivity + "' and " + (graph == null ? "no graph" : "a graph"));
        }
        if (graph != null && graph.rows() != graph.cols()) {
            throw new IllegalArgumentException("graph must be square, got " + graph.rows() + " x " + graph.cols());
        }
        if (denseLimit < 2 || denseLimit > MAX_DENSE_LIMIT) {
            throw new IllegalArgumentException("denseLimit must be in [2, " + MAX_DENSE_LIMIT + "], got "
                    + denseLimit);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** scikit-learn's defaults with {@code k} clusters: Ward, no connectivity; 15 neighbours once a kNN graph is asked for. */
    public static AgglomerativeClustering of(int k) {
        return new AgglomerativeClustering(k, Linkage.WARD, Connectivity.NONE, 15, null, 0, DEFAULT_DENSE_LIMIT,
                Workers.defaultThreads());
    }

    public AgglomerativeClustering withK(int k) {
        return new AgglomerativeClustering(k, linkage, connectivity, neighbors, graph, seed, denseLimit, threads);
    }

    public AgglomerativeClustering withLinkage(Linkage linkage) {
        return new AgglomerativeClustering(k, linkage, connectivity, neighbors, graph, seed, denseLimit, threads);
    }

    /** Connectivity by an exact {@code neighbors}-NN graph of the data. */
    public AgglomerativeClustering withKnnConnectivity(int neighbors) {
        return new AgglomerativeClustering(k, linkage, Connectivity.EXACT_KNN, neighbors, null, seed, denseLimit,
                threads);
    }

    /** Connectivity by an approximate (NN-descent) {@code neighbors}-NN graph of the data. */
    public AgglomerativeClustering withApproximateKnnConnectivity(int neighbors) {
        return new AgglomerativeClustering(k, linkage, Connectivity.APPROXIMATE_KNN, neighbors, null, seed,
                denseLimit, threads);
    }

    /** Connectivity by the caller's {@code n x n} graph (every stored entry of {@code graph + graphᵀ} that is non-zero is an edge). */
    public AgglomerativeClustering withConnectivity(CsrGraph graph) {
        return new AgglomerativeClustering(k, linkage, Connectivity.GIVEN, neighbors,
                Objects.requireNonNull(graph, "graph"), seed, denseLimit, threads);
    }

    public AgglomerativeClustering withoutConnectivity() {
        return new AgglomerativeClustering(k, linkage, Connectivity.NONE, neighbors, null, seed, denseLimit,
                threads);
    }

    public AgglomerativeClustering withSeed(long seed) {
        return new AgglomerativeClustering(k, linkage, connectivity, neighbors, graph, seed, denseLimit, threads);
    }

    public AgglomerativeClustering withDenseLimit(int denseLimit) {
        return new AgglomerativeClustering(k, linkage, connectivity, neighbors, graph, seed, denseLimit, threads);
    }

    public AgglomerativeClustering withThreads(int threads) {
        return new AgglomerativeClustering(k, linkage, connectivity, neighbors, graph, seed, denseLimit, threads);
    }

    public AgglomerativeModel fit(FloatMatrix x) {
        return fit(x, Progress.NONE);
    }

    /** Builds the full merge tree of the rows of {@code x} and cuts it into {@code k} clusters. */
    public AgglomerativeModel fit(FloatMatrix x, Progress progress) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(progress, "progress");
        int n = x.rows();
        if (x.cols() < 1) {
            throw new DescryException("x: has no columns");
        }
        if (n < 2) {
            throw new DescryException("x: agglomerative clustering needs at least 2 rows, got " + n);
        }
        if (k > n) {
            throw new DescryException("k must be in [1, n=" + n + "], got " + k);
        }
        DataStats.requireFinite(x, "x");
        MergeTree tree;
        int components = 1;
        if (connectivity == Connectivity.NONE) {
            if (n > denseLimit) {
                throw new DescryException("x: " + n + " rows is above denseLimit=" + denseLimit
                        + " for agglomerative clustering without connectivity (it holds n²/2 float64 distances, "
                        + String.format(Locale.ROOT, "%.1f", DenseLinkage.condensedSize(n) * 8 / 1e9)
                        + " GB); use a kNN connectivity graph or raise denseLimit");
            }
            tree = DenseLinkage.build(x, linkage, threads, progress);
        } else {
            ConnectivityGraph g = ConnectivityGraph.of(connectivityGraph(x, progress), x,
                    threads);
            components = g.components();
            if (components > 1) {
                LOG.log(COMPLETION_WARNED.getAndSet(true) ? Level.FINE : Level.WARNING,
                        "the number of connected components of the connectivity matrix is " + components
                        + " > 1. Completing it to avoid stopping the tree early.");
            }
            tree = linkage == Linkage.WARD ? WardTree.build(x, g, threads, progress)
                    : LinkageTree.build(x, g, linkage, threads, progress);
        }
        boolean structured = connectivity != Connectivity.NONE;
        Provenance provenance = Provenance.of("agglomerative", config(), seed, n + " x " + x.cols());
        return AgglomerativeModel.cut(tree, k, structured, components, x, provenance);
    }

    private CsrGraph connectivityGraph(FloatMatrix x, Progress progress) {
        return switch (connectivity) {
            case GIVEN -> graph;
            case EXACT_KNN -> knn(x, progress, false);
            case APPROXIMATE_KNN -> knn(x, progress, true);
            case NONE -> throw new IllegalStateException("no graph");
        };
    }

    private CsrGraph knn(FloatMatrix x, Progress progress, boolean approximate) {
        if (neighbors >= x.rows()) {
            throw new DescryException("neighbors must be in [1, n-1=" + (x.rows() - 1) + "], got " + neighbors);
        }
        KnnGraph g = approximate
                ? NnDescent.of(neighbors).withSeed(seed).withThreads(threads).fit(x, Progress.NONE)
                : ExactKnn.of(neighbors).withThreads(threads).fit(x, Progress.NONE);
        return g.toCsr(CsrGraph.Mode.CONNECTIVITY);
    }

    private Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", k);
        m.put("linkage", linkage.toString());
        m.put("connectivity", connectivity.toString());
        if (connectivity == Connectivity.EXACT_KNN || connectivity == Connectivity.APPROXIMATE_KNN) {
            m.put("neighbors", neighbors);
        }
        if (connectivity == Connectivity.GIVEN) {
            m.put("graph_edges", graph.nnz());
        }
        m.put("dense_limit", denseLimit);
        m.put("threads", threads);
        return m;
    }
}
