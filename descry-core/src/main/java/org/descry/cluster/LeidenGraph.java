package org.descry.cluster;

import java.util.HashMap;
import java.util.Map;
import org.descry.knn.CsrGraph;

/**
 * A weighted graph made ready for {@link Leiden}, remembering the partition found at each resolution (and seed,
 * iterations, randomness). A study fits Leiden for every k of its sweep on one graph, and each k's resolution
 * search starts with the same resolutions (1, then doubling or halving), so the sweep finds those once; the
 * partition at a resolution depends on nothing else, so a remembered answer is the one a fresh run gives.
 */
public final class LeidenGraph {

    /** Partitions remembered at most; about 1.7 MB each at 416,314 rows. */
    static final int REMEMBERED = 64;

    final CommunityGraph graph;
    private final Map<String, int[]> partitions = new HashMap<>();

    private LeidenGraph(CommunityGraph graph) {
        this.graph = graph;
    }

    /** The graph of a symmetric CSR matrix of edge weights (such as {@link Leiden#graph}). */
    public static LeidenGraph of(CsrGraph weights) {
        return new LeidenGraph(CommunityGraph.of(weights));
    }

    /** Number of nodes (rows). */
    public int rows() {
        return graph.n;
    }

    /** The partition {@link LeidenOptimiser} finds at {@code resolution} with these settings (do not modify). */
    synchronized int[] partition(double resolution, int iterations, double randomness, long seed) {
        String key = resolution + "|" + iterations + "|" + randomness + "|" + seed;
        int[] p = partitions.get(key);
        if (p == null) {
            p = new LeidenOptimiser(resolution, randomness, seed).optimise(graph, iterations);
            if (partitions.size() >= REMEMBERED) {
                partitions.clear();
            }
            partitions.put(key, p);
        }
        return p;
    }
}
