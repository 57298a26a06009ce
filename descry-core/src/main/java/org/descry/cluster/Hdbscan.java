package org.descry.cluster;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;
import org.descry.knn.NnDescent;
import org.descry.linalg.Kernels;
import org.descry.model.Provenance;

/**
 * HDBSCAN* (Campello, Moulavi and Sander 2013, "Density-based clustering based on hierarchical density
 * estimates"), with the defaults and conventions of the hdbscan library (McInnes, Healy and Astels 2017) and
 * scikit-learn 1.3's {@code HDBSCAN}: core distance = distance to the {@code minSamples}-th nearest row counting
 * the row itself; mutual reachability {@code max(core(a), core(b), d(a, b))}; its minimum spanning tree; the
 * single-linkage hierarchy; the condensed tree by {@code minClusterSize} ({@link CondensedTree}); excess-of-mass
 * or leaf selection ({@link ClusterSelection}); labels (-1 noise), membership probabilities and GLOSH outlier
 * scores (Campello et al. 2015, "Hierarchical density estimates for data clustering, visualization, and outlier
 * detection", TKDD). The fitted {@link HdbscanModel} also predicts new rows, which scikit-learn's cannot.
 *
 * <p>How the spanning tree is built ({@link Graph}): {@link Graph#EXACT} is Prim on all pairs, exactly the
 * hierarchy of the library, {@code O(n²)} time and {@code O(n)} memory, fine up to some 50,000 rows.
 * {@link Graph#APPROXIMATE} takes core distances and candidate edges from an NN-descent {@code neighbors}-NN graph
 * and joins what that graph leaves apart ({@link MutualReachabilityMst#fromKnn}); both core distances and tree
 * are then approximations (measured against the exact route in {@code descry-bench/README.md}, section HDBSCAN).
 * {@link Graph#AUTO} is exact up to {@link #EXACT_LIMIT} rows.
 *
 * @param minClusterSize          smallest cluster, {@code >= 2} (library default 5)
 * @param minSamples              neighbours for the core distance, counting the row itself, {@code >= 1}; 0 means
 *                                {@code minClusterSize} (the library's {@code None})
 * @param selection               excess of mass (default) or leaf
 * @param clusterSelectionEpsilon distance below which clusters are not split, {@code >= 0} (default 0)
 * @param allowSingleCluster      whether the root may be the one cluster (default false)
 * @param metric                  Euclidean (default) or cosine distance
 * @param graph                   how the spanning tree is built (default auto)
 * @param neighbors               the approximate route's graph degree, 0 for {@code max(15, minSamples)}; at least
 *                                {@code minSamples - 1} when given
 * @param seed                    seed of NN-descent and of the component join
 * @param threads                 worker threads, {@code >= 1}
 */
public record Hdbscan(int minClusterSize, int minSamples, SelectionMethod selection, double clusterSelectionEpsilon,
                      boolean allowSingleCluster, Metric metric, Graph graph, int neighbors, long seed, int threads) {

    /** Rows up to which {@link Graph#AUTO} builds the exact tree. */
    public static final int EXACT_LIMIT = 50_000;

    /** Representatives the component join of the approximate route compares, in all. */
    static final int JOIN_REPRESENTATIVES = 20_000;

    /** The library's {@code cluster_selection_method}. */
    public enum SelectionMethod {
        EOM, LEAF;

        public static SelectionMethod parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "eom" -> EOM;
                case "leaf" -> LEAF;
                default -> throw new DescryException("cluster_selection_method must be eom or leaf, got '" + s + "'");
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the mutual-reachability spanning tree is built. */
    public enum Graph {
        AUTO, EXACT, APPROXIMATE;

        public static Graph parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "exact" -> EXACT;
                case "approximate" -> APPROXIMATE;
                default -> throw new DescryException("graph must be auto, exact or approximate, got '" + s + "'");
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Hdbscan {
        if (minClusterSize < 2) {
            throw new IllegalArgumentException("min_cluster_size must be >= 2, got " + minClusterSize);
        }
        if (minSamples < 0) {
            throw new IllegalArgumentException("min_samples must be >= 1 (or 0 for min_cluster_size), got "
                    + minSamples);
        }
        Objects.requireNonNull(selection, "selection");
        if (!(clusterSelectionEpsilon >= 0) || Double.isInfinite(clusterSelectionEpsilon)) {
            throw new IllegalArgumentException("cluster_selection_epsilon must be a finite number >= 0, got "
                    + clusterSelectionEpsilon);
        }
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(graph, "graph");
        if (neighbors < 0) {
            throw new IllegalArgumentException("neighbors must be >= 1 (or 0 for automatic), got " + neighbors);
        }
        int ms = minSamples == 0 ? minClusterSize : minSamples;
        if (neighbors != 0 && neighbors < ms - 1) {
            throw new IllegalArgumentException("neighbors must be >= min_samples - 1 = " + (ms - 1) + ", got "
                    + neighbors);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** The library's defaults with {@code minClusterSize}: EOM, epsilon 0, Euclidean, automatic graph. */
    public static Hdbscan of(int minClusterSize) {
        return new Hdbscan(minClusterSize, 0, SelectionMethod.EOM, 0.0, false, Metric.EUCLIDEAN, Graph.AUTO, 0, 0,
                Workers.defaultThreads());
    }

    /** {@code of(5)}: the library's {@code HDBSCAN()}. */
    public static Hdbscan defaults() {
        return of(5);
    }

    public Hdbscan withMinClusterSize(int v) {
        return new Hdbscan(v, minSamples, selection, clusterSelectionEpsilon, allowSingleCluster, metric, graph,
                neighbors, seed, threads);
    }

    public Hdbscan withMinSamples(int v) {
        return new Hdbscan(minClusterSize, v, selection, clusterSelectionEpsilon, allowSingleCluster, metric, graph,
                neighbors, seed, threads);
    }

    public Hdbscan withSelection(SelectionMethod v) {
        return new Hdbscan(minClusterSize, minSamples, v, clusterSelectionEpsilon, allowSingleCluster, metric, graph,
                neighbors, seed, threads);
    }

    public Hdbscan withClusterSelectionEpsilon(double v) {
        return new Hdbscan(minClusterSize, minSamples, selection, v, allowSingleCluster, metric, graph, neighbors,
                seed, threads);
    }

    public Hdbscan withAllowSingleCluster(boolean v) {
        return new Hdbscan(minClusterSize, minSamples, selection, clusterSelectionEpsilon, v, metric, graph,
                neighbors, seed, threads);
    }

    public Hdbscan withMetric(Metric v) {
        return new Hdbscan(minClusterSize, minSamples, selection, clusterSelectionEpsilon, allowSingleCluster, v,
                graph, neighbors, seed, threads);
    }

    public Hdbscan withGraph(Graph v) {
        return new Hdbscan(minClusterSize, minSamples, selection, clusterSelectionEpsilon, allowSingleCluster, metric,
                v, neighbors, seed, threads);
    }

    public Hdbscan withNeighbors(int v) {
        return new Hdbscan(minClusterSize, minSamples, selection, clusterSelectionEpsilon, allowSingleCluster, metric,
                graph, v, seed, threads);
    }

    public Hdbscan withSeed(long v) {
        return new Hdbscan(minClusterSize, minSamples, selection, clusterSelectionEpsilon, allowSingleCluster, metric,
                graph, neighbors, v, threads);
    }

    public Hdbscan withThreads(int v) {
        return new Hdbscan(minClusterSize, minSamples, selection, clusterSelectionEpsilon, allowSingleCluster, metric,
                graph, neighbors, seed, v);
    }

    /** {@code minSamples}, or {@code minClusterSize} when it is 0. */
    public int resolvedMinSamples() {
        return minSamples == 0 ? minClusterSize : minSamples;
    }

    /** The route taken for {@code n} rows. */
    public Graph resolvedGraph(int n) {
        return graph != Graph.AUTO ? graph : n <= EXACT_LIMIT ? Graph.EXACT : Graph.APPROXIMATE;
    }

    /** The approximate route's neighbour count for {@code n} rows. */
    public int resolvedNeighbors(int n) {
        int k = neighbors != 0 ? neighbors : Math.max(15, resolvedMinSamples());
        return Math.max(1, Math.min(k, n - 1));
    }

    public HdbscanModel fit(FloatMatrix x, Progress progress) {
        return fit(x, x.rows() + " x " + x.cols(), progress);
    }

    /**
     * Clusters the rows of {@code x}; {@code input} says what they are, for the provenance. Progress counts the
     * four stages (neighbours, spanning tree, condensed tree, selection).
     */
    public HdbscanModel fit(FloatMatrix x, String input, Progress progress) {
        return fit(x, null, input, progress);
    }

    /**
     * Clusters the rows of {@code x} on the approximate route with a kNN graph of them built beforehand, so that
     * one graph serves several methods (the study shares one NN-descent graph between agglomerative clustering
     * and HDBSCAN). The graph needs at least {@code min_samples - 1} neighbours per row; core distances and the
     * spanning tree's candidate edges come from it as from the graph {@link #fit} would build.
     */
    public HdbscanModel fit(FloatMatrix x, KnnGraph graph, String input, Progress progress) {
        Objects.requireNonNull(x, "x");
        if (graph != null) {
            if (graph.rows() != x.rows()) {
                throw new DescryException("graph has " + graph.rows() + " rows for x with " + x.rows());
            }
            if (graph.k() < Math.max(1, resolvedMinSamples() - 1)) {
                throw new DescryException("graph has " + graph.k() + " neighbours per row; min_samples="
                        + resolvedMinSamples() + " needs at least " + (resolvedMinSamples() - 1));
            }
            if (graph.metric() != metric) {
                throw new DescryException("graph metric " + graph.metric() + " does not match metric " + metric);
            }
        }
        int n = x.rows();
        int ms = resolvedMinSamples();
        if (n < 2) {
            throw new DescryException("x must have at least 2 rows for HDBSCAN, got " + n);
        }
        if (ms > n) {
            throw new DescryException("min_samples must be <= rows = " + n + ", got " + ms);
        }
        DataStats.requireFinite(x, "x");
        Graph route = graph != null ? Graph.APPROXIMATE : resolvedGraph(n);
        Kernels kernels = Kernels.best().withThreads(threads);
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t = System.nanoTime();
        MutualReachabilityMst.Points points = MutualReachabilityMst.Points.of(x, metric);
        float[] core = new float[n];
        KnnGraph knn = graph;
        if (knn == null && route == Graph.EXACT) {
            if (ms > 1) {
                knn = new ExactKnn(ms - 1, metric, threads).fit(x, Progress.NONE);
            }
        } else if (knn == null) {
            int k = Math.max(resolvedNeighbors(n), ms - 1);
            knn = NnDescent.of(k).withMetric(metric).withSeed(seed).withThreads(threads).fit(x, Progress.NONE);
        }
        if (ms > 1) {
            for (int i = 0; i < n; i++) {
                core[i] = knn.distance(i, ms - 2);
            }
        }
        seconds.put("neighbors", lap(t));
        progress.step(1, 4);
        t = System.nanoTime();
        MutualReachabilityMst mst = route == Graph.EXACT
                ? MutualReachabilityMst.exact(points, core, null, threads, kernels)
                : MutualReachabilityMst.fromKnn(points, knn, core, JOIN_REPRESENTATIVES, seed, threads, kernels);
        seconds.put("mst", lap(t));
        progress.step(2, 4);
        t = System.nanoTime();
        SingleLinkageTree hierarchy = SingleLinkageTree.of(mst);
        CondensedTree tree = CondensedTree.of(hierarchy, minClusterSize);
        seconds.put("tree", lap(t));
        progress.step(3, 4);
        t = System.nanoTime();
        ClusterSelection sel = ClusterSelection.of(tree, selection, clusterSelectionEpsilon, allowSingleCluster);
        float[] scores = Glosh.scores(tree);
        int[][] exemplars = ClusterSelection.exemplars(tree, sel.selected());
        seconds.put("selection", lap(t));
        progress.step(4, 4);
        return new HdbscanModel(this, x.copy(), core, tree, sel, scores, exemplars, route, mst.totalWeight(),
                seconds, provenance(input, route, knn == null ? 0 : knn.k()));
    }

    private static double lap(long t) {
        return (System.nanoTime() - t) / 1e9;
    }

    Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("min_cluster_size", minClusterSize);
        c.put("min_samples", resolvedMinSamples());
        c.put("cluster_selection_method", selection.toString());
        c.put("cluster_selection_epsilon", clusterSelectionEpsilon);
        c.put("allow_single_cluster", allowSingleCluster);
        c.put("metric", metric.toString());
        c.put("graph", graph.toString());
        c.put("neighbors", neighbors);
        return c;
    }

    private Provenance provenance(String input, Graph route, int neighborsUsed) {
        Map<String, Object> c = config();
        c.put("graph_used", route.toString());
        if (route == Graph.APPROXIMATE) {
            c.put("neighbors_used", neighborsUsed);
        }
        return Provenance.of("hdbscan", c, seed, input);
    }
}
