package org.descry.cluster;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.knn.CsrGraph;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;
import org.descry.knn.NnDescent;
import org.descry.model.Provenance;

/**
 * OPTICS (Ankerst, Breunig, Kriegel and Sander, "OPTICS: ordering points to identify the clustering structure",
 * SIGMOD 1999) with scikit-learn 1.2.1's {@code OPTICS} semantics and defaults ({@code min_samples=5},
 * {@code max_eps=inf}, {@code xi=0.05}, {@code predecessor_correction=True}, {@code cluster_method="xi"}):
 * core distances are the distance to the {@code minSamples}-th neighbour counting the row itself (infinite
 * beyond {@code maxEps}), the ordering, reachability and predecessors are those of {@code compute_optics_graph}
 * ({@link OpticsOrdering}), labels come from {@code cluster_optics_xi} or {@code cluster_optics_dbscan}
 * ({@link OpticsExtraction}). Reachability distances are computed as scikit-learn's {@code pairwise_distances}
 * does in float64 (the Euclidean expansion, see {@link OpticsOrdering#expanded}), core distances as its neighbour
 * query does, so on the Euclidean fixtures ordering, predecessors and labels equal scikit-learn's. With the cosine
 * metric scikit-learn's two BLAS paths (core and reachability distances) differ in the last bits, so a row at
 * exactly another's core distance can be ordered differently (seen once in the fixtures; core distances still
 * agree to 1e-5 relative, the orderings up to that row).
 *
 * <p><b>Scale.</b> Exact OPTICS ({@link Neighbourhood#ALL}) updates every unprocessed row from every core row:
 * {@code n²/2} distances in a sequential order (each step depends on the last), fine for tens of thousands of
 * rows, hours at 416k. {@link Neighbourhood#KNN_EXACT} and {@link Neighbourhood#KNN_DESCENT} are an
 * approximation: a core row updates only its neighbours in the symmetrized {@code graphK}-nearest-neighbour
 * graph (exact blocked kNN, or NN-descent), so reachability can only be larger than exact OPTICS' (a row reached
 * from outside its graph neighbourhood keeps infinity until a graph neighbour reaches it, and a component of the
 * graph is started at its lowest unprocessed row, as OPTICS starts one at infinity). Core distances stay exact
 * with the exact graph ({@code graphK >= minSamples - 1}). The ordering then costs {@code O(n graphK log n)}.
 *
 * @param minSamples            neighbourhood size of a core row, the row itself included, {@code >= 2}
 * @param maxEps                largest neighbourhood radius considered, {@code > 0} (infinity: all)
 * @param metric                Euclidean or cosine distance
 * @param clusterMethod         ξ or DBSCAN-style extraction
 * @param xi                    minimum steepness of a cluster boundary, in {@code [0, 1]}
 * @param predecessorCorrection correct ξ clusters by predecessors (Schubert and Gertz 2018)
 * @param minClusterSize        smallest ξ cluster, {@code >= 2}, or 0 for {@code minSamples}
 * @param eps                   radius of the DBSCAN extraction, {@code <= maxEps}, or NaN for {@code maxEps}
 * @param neighbourhood         which rows a core row updates
 * @param graphK                neighbours in the approximate modes' graph, {@code >= minSamples - 1}
 * @param seed                  seed of NN-descent
 * @param threads               worker threads, {@code >= 1}
 */
public record Optics(int minSamples, double maxEps, Metric metric, ClusterMethod clusterMethod, double xi,
                     boolean predecessorCorrection, int minClusterSize, double eps, Neighbourhood neighbourhood,
                     int graphK, long seed, int threads) {

    /** How clusters are read from the reachability plot. */
    public enum ClusterMethod {
        XI, DBSCAN;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which unprocessed rows a core row updates. */
    public enum Neighbourhood {
        /** Every row within {@code maxEps}: exact OPTICS, as scikit-learn. */
        ALL,
        /** Its neighbours in the symmetrized exact {@code graphK}-NN graph within {@code maxEps}. */
        KNN_EXACT,
        /** Its neighbours in the symmetrized NN-descent {@code graphK}-NN graph within {@code maxEps}. */
        KNN_DESCENT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Optics {
        if (minSamples < 2) {
            throw new IllegalArgumentException("minSamples must be >= 2, got " + minSamples);
        }
        if (!(maxEps > 0)) {
            throw new IllegalArgumentException("maxEps must be > 0, got " + maxEps);
        }
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(clusterMethod, "clusterMethod");
        Objects.requireNonNull(neighbourhood, "neighbourhood");
        if (!(xi >= 0 && xi <= 1)) {
            throw new IllegalArgumentException("xi must be in [0, 1], got " + xi);
        }
        if (minClusterSize != 0 && minClusterSize < 2) {
            throw new IllegalArgumentException("minClusterSize must be >= 2 (or 0 for minSamples), got "
                    + minClusterSize);
        }
        if (!Double.isNaN(eps) && !(eps >= 0 && eps <= maxEps)) {
            throw new IllegalArgumentException("eps must be in [0, maxEps = " + maxEps + "], got " + eps);
        }
        if (neighbourhood != Neighbourhood.ALL && graphK < minSamples - 1) {
            throw new IllegalArgumentException("graphK must be >= minSamples - 1 = " + (minSamples - 1) + ", got "
                    + graphK);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** scikit-learn's defaults, exact OPTICS, all processors. */
    public static Optics of() {
        return new Optics(5, Double.POSITIVE_INFINITY, Metric.EUCLIDEAN, ClusterMethod.XI, 0.05, true, 0, Double.NaN,
                Neighbourhood.ALL, 0, 0, Workers.defaultThreads());
    }

    /** {@code minSamples} with scikit-learn's other defaults. */
    public static Optics of(int minSamples) {
        return of().withMinSamples(minSamples);
    }

    public Optics withMinSamples(int v) {
        return new Optics(v, maxEps, metric, clusterMethod, xi, predecessorCorrection, minClusterSize, eps,
                neighbourhood, neighbourhood == Neighbourhood.ALL ? graphK : Math.max(graphK, v - 1), seed, threads);
    }

    public Optics withMaxEps(double v) {
        return new Optics(minSamples, v, metric, clusterMethod, xi, predecessorCorrection, minClusterSize, eps,
                neighbourhood, graphK, seed, threads);
    }

    public Optics withMetric(Metric v) {
        return new Optics(minSamples, maxEps, v, clusterMethod, xi, predecessorCorrection, minClusterSize, eps,
                neighbourhood, graphK, seed, threads);
    }

    /** ξ extraction with this {@code xi}. */
    public Optics withXi(double v) {
        return new Optics(minSamples, maxEps, metric, ClusterMethod.XI, v, predecessorCorrection, minClusterSize, eps,
                neighbourhood, graphK, seed, threads);
    }

    public Optics withPredecessorCorrection(boolean v) {
        return new Optics(minSamples, maxEps, metric, clusterMethod, xi, v, minClusterSize, eps, neighbourhood, graphK,
                seed, threads);
    }

    public Optics withMinClusterSize(int v) {
        return new Optics(minSamples, maxEps, metric, clusterMethod, xi, predecessorCorrection, v, eps, neighbourhood,
                graphK, seed, threads);
    }

    /** DBSCAN extraction at {@code eps} (NaN: at {@code maxEps}). */
    public Optics withDbscanEps(double v) {
        return new Optics(minSamples, maxEps, metric, ClusterMethod.DBSCAN, xi, predecessorCorrection, minClusterSize,
                v, neighbourhood, graphK, seed, threads);
    }

    /** The approximate mode on a {@code k}-NN graph ({@link Neighbourhood#KNN_EXACT} or {@link Neighbourhood#KNN_DESCENT}). */
    public Optics withGraph(Neighbourhood v, int k) {
        return new Optics(minSamples, maxEps, metric, clusterMethod, xi, predecessorCorrection, minClusterSize, eps, v,
                k, seed, threads);
    }

    public Optics withSeed(long v) {
        return new Optics(minSamples, maxEps, metric, clusterMethod, xi, predecessorCorrection, minClusterSize, eps,
                neighbourhood, graphK, v, threads);
    }

    public Optics withThreads(int v) {
        return new Optics(minSamples, maxEps, metric, clusterMethod, xi, predecessorCorrection, minClusterSize, eps,
                neighbourhood, graphK, seed, v);
    }

    Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("min_samples", minSamples);
        c.put("max_eps", Double.isInfinite(maxEps) ? "inf" : maxEps);
        c.put("metric", metric.toString());
        c.put("cluster_method", clusterMethod.toString());
        c.put("xi", xi);
        c.put("predecessor_correction", predecessorCorrection);
        c.put("min_cluster_size", minClusterSize == 0 ? minSamples : minClusterSize);
        c.put("eps", Double.isNaN(eps) ? "max_eps" : eps);
        c.put("neighbourhood", neighbourhood.toString());
        c.put("graph_k", graphK);
        return c;
    }

    public OpticsModel fit(FloatMatrix x, Progress progress) {
        return fit(x, x.rows() + " x " + x.cols(), progress);
    }

    /** As {@link #fit(FloatMatrix, Progress)}, recording {@code input} in the provenance. */
    public OpticsModel fit(FloatMatrix x, String input, Progress progress) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(progress, "progress");
        int n = x.rows();
        int d = x.cols();
        if (minSamples > n) {
            throw new DescryException("minSamples must be <= the number of rows (" + n + "), got " + minSamples);
        }
        int clusterMin = minClusterSize == 0 ? minSamples : minClusterSize;
        if (clusterMethod == ClusterMethod.XI && clusterMin > n) {
            throw new DescryException("minClusterSize must be <= the number of rows (" + n + "), got " + clusterMin);
        }
        DataStats.requireFinite(x, "x");
        float[] data = x.heapArray() != null && x.heapArray().length == n * d ? x.heapArray() : x.toArray();
        int k = neighbourhood == Neighbourhood.ALL ? minSamples - 1 : Math.min(graphK, n - 1);
        Progress knnProgress = (done, total) -> progress.step(done, 2 * Math.max(1, total));
        KnnGraph graph = neighbourhood == Neighbourhood.KNN_DESCENT
                ? NnDescent.of(k).withMetric(metric).withSeed(seed).withThreads(threads).fit(x, knnProgress)
                : new ExactKnn(k, metric, threads).fit(x, knnProgress);
        double[] core = new double[n];
        int at = minSamples - 2;
        double[] sq = metric == Metric.COSINE ? OpticsOrdering.squaredNorms(data, n, d) : null;
        for (int i = 0; i < n; i++) {
            int j = graph.neighbour(i, at);
            // scikit-learn's Euclidean core distances come from an exact tree query, its cosine ones from the
            // brute-force cosine_distances expansion: the same value bits here.
            double c = metric == Metric.COSINE ? OpticsOrdering.expanded(data, d, metric, sq, i, j)
                    : metric.exact(data, i * d, data, j * d, d);
            core[i] = OpticsOrdering.around15(c > maxEps ? Double.POSITIVE_INFINITY : c);
        }
        CsrGraph neighbours = neighbourhood == Neighbourhood.ALL ? null : graph.symmetrized();
        graph = null;
        OpticsOrdering o = OpticsOrdering.run(data, n, d, metric, core, maxEps, neighbours, threads,
                (done, total) -> progress.step(total + done, 2 * total));
        int[] labels;
        int[] hierarchy;
        if (clusterMethod == ClusterMethod.XI) {
            hierarchy = OpticsExtraction.xiClusters(o.reachability, o.predecessor, o.ordering, xi, minSamples,
                    clusterMin, predecessorCorrection);
            labels = OpticsExtraction.xiLabels(o.ordering, hierarchy);
        } else {
            hierarchy = new int[0];
            labels = OpticsExtraction.dbscan(o.reachability, core, o.ordering, Double.isNaN(eps) ? maxEps : eps);
        }
        return OpticsModel.of(x, metric, o.ordering, o.reachability, core, o.predecessor, labels, hierarchy,
                Provenance.of(OpticsModel.KIND, config(), seed, input));
    }
}
