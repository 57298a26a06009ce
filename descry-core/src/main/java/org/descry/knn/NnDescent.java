package org.descry.knn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.model.Provenance;

/**
 * Approximate {@code k}-NN graph by NN-descent (Dong, Moses and Li, "Efficient k-nearest neighbor graph
 * construction for generic similarity measures", WWW 2011), run the way PyNNDescent 0.5 runs it: the graph starts
 * from the leaves of a forest of random-projection trees (every pair in a leaf is offered to both rows), rows
 * left short are filled with random rows, then each iteration samples, for every row, up to
 * {@code maxCandidates} "new" and "old" candidates among its neighbours and reverse neighbours (random
 * priorities; a sampled new entry becomes old), compares every new candidate with every other new and old one
 * (the local join), and offers each pair to both rows. It stops after {@code nIters} iterations or when fewer
 * than {@code delta * k * n} entries changed in one.
 *
 * <p>Rows are processed in blocks of {@value NnDescentRun#BLOCK} (PyNNDescent's block size): distances of a block
 * are computed in parallel against the graph as it stood, then offered row by row in a fixed order. Random
 * choices are drawn from the seed by tree and by row and edge, never from a shared stream, so for a seed the
 * graph is the same on any number of threads. The final distances are recomputed from the rows in double
 * ({@link Metric#exact}) and each row sorted by distance, ties by index, as {@link ExactKnn} does.
 *
 * <p>The search holds the rows as one heap {@code float[]} (unit rows for cosine): 83 MB for 416,314 x 50, but
 * 4.3 GB for 2560 columns, so reduce first (PCA) on large sets.
 *
 * <p>Defaults (PyNNDescent's): {@code nTrees = min(32, 5 + round(n^0.25))}, {@code leafSize = max(10, k)},
 * {@code maxCandidates = min(60, k)} ({@link #AUTO}; {@link #of} sets {@link #DEFAULT_MAX_CANDIDATES} instead),
 * {@code nIters = max(5, round(log2 n))}, {@code delta = 0.001},
 * {@code rho = 1} (every neighbour is a candidate before the {@code maxCandidates} bound; below 1 each edge is
 * kept with probability {@code rho}, the paper's sampling). {@link #AUTO} selects a default.
 *
 * @param k             neighbours per row, in {@code [1, n - 1]} at fit time
 * @param metric        Euclidean or cosine (cosine runs on unit rows, with angular trees)
 * @param seed          seed of the trees and of the candidate sampling
 * @param nTrees        random-projection trees, {@code >= 0} ({@code 0}: the default)
 * @param leafSize      largest leaf, {@code >= 0} ({@code 0}: the default; else at least 2)
 * @param maxCandidates candidates per row and iteration, {@code >= 0} ({@code 0}: the default)
 * @param nIters        most iterations, {@code >= 0} ({@code 0}: the default)
 * @param delta         early-stop fraction of changed entries, in {@code [0, 1]}
 * @param rho           sample rate of candidate edges, in {@code (0, 1]}
 * @param threads       worker threads, {@code >= 1}
 */
public record NnDescent(int k, Metric metric, long seed, int nTrees, int leafSize, int maxCandidates, int nIters,
                        double delta, double rho, int threads) {

    /** Use the default for this count. */
    public static final int AUTO = 0;

    /**
     * {@link #of}'s {@code maxCandidates}: 60, what UMAP passes to PyNNDescent, rather than PyNNDescent's own
     * {@code min(60, k)}. At {@code k = 15} on 416,314 x 50 clustered rows it lifts recall@15 from 0.935 to 0.976
     * for about 20% more time (descry-bench README, "kNN graph").
     */
    public static final int DEFAULT_MAX_CANDIDATES = 60;

    public NnDescent {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        Objects.requireNonNull(metric, "metric");
        if (nTrees < 0) {
            throw new IllegalArgumentException("nTrees must be >= 0 (0 = default), got " + nTrees);
        }
        if (leafSize < 0 || leafSize == 1) {
            throw new IllegalArgumentException("leafSize must be 0 (default) or >= 2, got " + leafSize);
        }
        if (maxCandidates < 0) {
            throw new IllegalArgumentException("maxCandidates must be >= 0 (0 = default), got " + maxCandidates);
        }
        if (nIters < 0) {
            throw new IllegalArgumentException("nIters must be >= 0 (0 = default), got " + nIters);
        }
        if (!(delta >= 0 && delta <= 1)) {
            throw new IllegalArgumentException("delta must be in [0, 1], got " + delta);
        }
        if (!(rho > 0 && rho <= 1)) {
            throw new IllegalArgumentException("rho must be in (0, 1], got " + rho);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /**
     * PyNNDescent's defaults for {@code k} Euclidean neighbours, except {@link #DEFAULT_MAX_CANDIDATES} candidates;
     * seed 0, all processors.
     */
    public static NnDescent of(int k) {
        return new NnDescent(k, Metric.EUCLIDEAN, 0, AUTO, AUTO, DEFAULT_MAX_CANDIDATES, AUTO, 0.001, 1.0,
                Workers.defaultThreads());
    }

    public NnDescent withMetric(Metric metric) {
        return new NnDescent(k, metric, seed, nTrees, leafSize, maxCandidates, nIters, delta, rho, threads);
    }

    public NnDescent withSeed(long seed) {
        return new NnDescent(k, metric, seed, nTrees, leafSize, maxCandidates, nIters, delta, rho, threads);
    }

    public NnDescent withTrees(int nTrees) {
        return new NnDescent(k, metric, seed, nTrees, leafSize, maxCandidates, nIters, delta, rho, threads);
    }

    public NnDescent withLeafSize(int leafSize) {
        return new NnDescent(k, metric, seed, nTrees, leafSize, maxCandidates, nIters, delta, rho, threads);
    }

    public NnDescent withMaxCandidates(int maxCandidates) {
        return new NnDescent(k, metric, seed, nTrees, leafSize, maxCandidates, nIters, delta, rho, threads);
    }

    public NnDescent withIters(int nIters) {
        return new NnDescent(k, metric, seed, nTrees, leafSize, maxCandidates, nIters, delta, rho, threads);
    }

    public NnDescent withDelta(double delta) {
        return new NnDescent(k, metric, seed, nTrees, leafSize, maxCandidates, nIters, delta, rho, threads);
    }

    public NnDescent withRho(double rho) {
        return new NnDescent(k, metric, seed, nTrees, leafSize, maxCandidates, nIters, delta, rho, threads);
    }

    public NnDescent withThreads(int threads) {
        return new NnDescent(k, metric, seed, nTrees, leafSize, maxCandidates, nIters, delta, rho, threads);
    }

    /** Trees used for {@code n} rows. */
    public int resolvedTrees(int n) {
        return nTrees != AUTO ? nTrees : Math.min(32, 5 + (int) Math.round(Math.pow(n, 0.25)));
    }

    public int resolvedLeafSize() {
        return leafSize != AUTO ? leafSize : Math.max(10, k);
    }

    public int resolvedMaxCandidates() {
        return maxCandidates != AUTO ? maxCandidates : Math.min(60, k);
    }

    /** Most iterations for {@code n} rows. */
    public int resolvedIters(int n) {
        return nIters != AUTO ? nIters : Math.max(5, (int) Math.round(Math.log(Math.max(1, n)) / Math.log(2)));
    }

    /** The approximate {@code k}-NN graph of the rows of {@code x}, each row's own index left out. */
    public KnnGraph fit(FloatMatrix x, Progress progress) {
        return fit(x, x.rows() + " x " + x.cols(), progress);
    }

    /** As {@link #fit(FloatMatrix, Progress)}, recording {@code input} (what {@code x} is) in the provenance. */
    public KnnGraph fit(FloatMatrix x, String input, Progress progress) {
        ExactKnn.checkSelfK(k, x.rows());
        Inputs.requireFinite(x, "x");
        NnDescentRun run = new NnDescentRun(this, x);
        run.run(progress);
        ExactKnn.Result r = run.result();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("k", k);
        config.put("metric", metric.toString());
        config.put("n_trees", resolvedTrees(x.rows()));
        config.put("leaf_size", resolvedLeafSize());
        config.put("max_candidates", resolvedMaxCandidates());
        config.put("n_iters", resolvedIters(x.rows()));
        config.put("iterations_run", run.iterationsRun());
        config.put("delta", delta);
        config.put("rho", rho);
        return new KnnGraph(x.rows(), x.rows(), k, r.indices(), r.distances(), metric, false, true,
                Provenance.of("nn-descent", config, seed, input));
    }
}
