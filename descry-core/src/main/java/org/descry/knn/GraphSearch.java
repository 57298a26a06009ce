package org.descry.knn;

import org.descry.data.FloatMatrix;
import org.descry.data.Workers;

/**
 * Approximate nearest neighbours of new rows by best-first search over a {@code k}-NN graph of the reference rows,
 * as PyNNDescent 0.5's {@code NNDescent.query} does it (Dong, Moses and Li 2011 build the graph; the search is the
 * greedy best-first walk of Malkov and Yashunin's HNSW on one layer, with Iwasaki and Miyazaki's 2018 epsilon
 * rule). {@link #index} prepares the graph once; {@link SearchIndex#query} then answers queries in time that
 * grows with the neighbourhood explored, not with the number of reference rows.
 *
 * <p><b>Preparing the search graph</b> (PyNNDescent's {@code _init_search_graph}): each row's neighbour list is
 * <em>diversified</em>, a neighbour {@code j} dropped when an already kept, nearer neighbour {@code c} is closer
 * to {@code j} than the row is (the relative-neighbourhood-graph rule of Harwood and Drummond's FANNG, PyNNDescent
 * with {@code diversify_prob = 1}): {@code j} is then reached through {@code c}. The reverse edges of the kept
 * ones are added, diversified the same way, and each row keeps at most {@code degreeMultiplier * k} edges, the
 * nearest (PyNNDescent's {@code pruning_degree_multiplier}, 1.5). Reverse edges make rows that no one lists
 * reachable and shorten paths; diversifying keeps the degree, and so the cost of each step, small.
 *
 * <p><b>Entry points</b>: the rows of the leaf of one random-projection tree ({@link RpTree#searchable}, leaves of at
 * most {@code leafSize} rows) the query falls in, topped up with random rows to {@code k}: the walk starts next to
 * the query even where the graph does not join the clusters.
 *
 * <p><b>Search</b>: keep the {@code k} nearest rows seen (a max-heap) and a min-heap of rows to expand; take the
 * nearest unexpanded row and stop when it is farther than {@code (1 + epsilon)} times the {@code k}-th nearest
 * found; otherwise measure its unvisited graph neighbours and keep those within that bound. As in PyNNDescent,
 * the bound is on squared Euclidean distances, so {@code epsilon = 0.1} lets the walk pass through rows up to
 * about 5% farther than the current {@code k}-th neighbour. Larger epsilon: more rows measured, higher recall.
 * With an epsilon so large that nothing is ever cut and a connected graph, every row is measured and the answer
 * is exact. Final distances are recomputed in double ({@link Metric#exact}) and each row sorted by (distance,
 * index), as {@link ExactKnn} does, so a query row's result equals the exact one wherever the same rows were found.
 *
 * <p>Euclidean graphs only (what the outlier detectors use).
 *
 * @param epsilon          search width, {@code >= 0} (default 0.1, PyNNDescent's)
 * @param degreeMultiplier most edges per row of the search graph, times the graph's {@code k}, {@code > 0}
 *                         (default 1.5)
 * @param leafSize         most rows in a search-tree leaf, {@code >= 1}, or {@link #AUTO}: {@code max(10, k)}
 *                         of the graph, PyNNDescent's
 * @param seed             seed of the tree and of the random entry points
 * @param threads          worker threads, {@code >= 1}
 */
public record GraphSearch(double epsilon, double degreeMultiplier, int leafSize, long seed, int threads) {

    /** Marks a parameter to be chosen from the graph. */
    public static final int AUTO = -1;

    public GraphSearch {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
        }
        if (!(degreeMultiplier > 0) || Double.isInfinite(degreeMultiplier)) {
            throw new IllegalArgumentException("degreeMultiplier must be finite and > 0, got " + degreeMultiplier);
        }
        if (leafSize < 1 && leafSize != AUTO) {
            throw new IllegalArgumentException("leafSize must be >= 1 or AUTO, got " + leafSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** Epsilon 0.1, degree 1.5 k, leaves of {@code max(10, k)}, seed 0, all processors. */
    public static GraphSearch of() {
        return new GraphSearch(0.1, 1.5, AUTO, 0, Workers.defaultThreads());
    }

    public GraphSearch withEpsilon(double v) {
        return new GraphSearch(v, degreeMultiplier, leafSize, seed, threads);
    }

    public GraphSearch withDegreeMultiplier(double v) {
        return new GraphSearch(epsilon, v, leafSize, seed, threads);
    }

    public GraphSearch withLeafSize(int v) {
        return new GraphSearch(epsilon, degreeMultiplier, v, seed, threads);
    }

    public GraphSearch withSeed(long v) {
        return new GraphSearch(epsilon, degreeMultiplier, leafSize, v, threads);
    }

    public GraphSearch withThreads(int v) {
        return new GraphSearch(epsilon, degreeMultiplier, leafSize, seed, v);
    }

    /** The leaf size used with a graph of {@code k} neighbours. */
    public int resolvedLeafSize(int k) {
        return leafSize != AUTO ? leafSize : Math.max(10, k);
    }

    /** The most edges per row of the search graph prepared from a graph of {@code k} neighbours. */
    public int maxDegree(int k) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, Math.round(degreeMultiplier * k)));
    }

    /**
     * The search index over the rows of {@code reference} (kept by reference: they must not change) from
     * {@code graph}, their Euclidean self graph (exact or NN-descent).
     */
    public SearchIndex index(FloatMatrix reference, KnnGraph graph) {
        return SearchIndex.build(this, reference, graph);
    }
}
