package org.descry.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The Leiden algorithm (Traag, Waltman, van Eck 2019, "From Louvain to Leiden: guaranteeing well-connected
 * communities", algorithms A.1-A.3) maximising modularity with a resolution γ (leidenalg's
 * {@code RBConfigurationVertexPartition}): fast local moving of nodes, refinement of each community into
 * well-connected parts, aggregation of the refined parts, repeated until no node moves.
 *
 * <p>As leidenalg's {@code Optimiser}, a node may also move into an empty community, the aggregate graph keeps
 * the non-refined partition as its starting point, and when the refinement merges nothing the aggregation uses
 * the non-refined partition so every pass makes progress. The refinement draws the part a node joins with
 * probability proportional to {@code exp(ΔH / θ)} over the parts it would not lower the quality of, as the paper
 * and igraph's {@code community_leiden} (its {@code beta}, default 0.01) do; ΔH is in edge-weight units, as in
 * igraph. Every community of the result is connected (the paper's guarantee), which the tests check.
 */
final class LeidenOptimiser {

    private final double resolution;
    private final double randomness;
    private final SplittableRandom random;

    LeidenOptimiser(double resolution, double randomness, long seed) {
        this.resolution = resolution;
        this.randomness = randomness;
        this.random = new SplittableRandom(seed);
    }

    /**
     * The partition of {@code graph}'s nodes after {@code iterations} rounds of the algorithm from singletons, each
     * round starting from the last (leidenalg's {@code find_partition(..., n_iterations=2)}), stopping early when a
     * round changes nothing. Labels are {@code 0 .. count-1} by decreasing community weight, as leidenalg orders
     * them by size.
     */
    int[] optimise(CommunityGraph graph, int iterations) {
        int[] membership = new int[graph.n];
        Arrays.setAll(membership, i -> i);
        for (int it = 0; it < iterations; it++) {
            int[] next = round(graph, membership);
            boolean same = Arrays.equals(relabel(next), relabel(membership));
            membership = next;
            if (same) {
                break;
            }
        }
        return bySize(graph, relabel(membership));
    }

    private int[] round(CommunityGraph g0, int[] start) {
        CommunityGraph g = g0;
        int[] membership = relabel(start);
        int[] aggregateOf = new int[g0.n];
        Arrays.setAll(aggregateOf, i -> i);
        while (true) {
            moveNodes(g, membership);
            int count = relabelInPlace(membership);
            if (count == g.n) {
                break;
            }
            int[] refined = refine(g, membership, count);
            int parts = relabelInPlace(refined);
            if (parts == g.n) {
                refined = membership.clone();
                parts = count;
            }
            int[] next = new int[parts];
            for (int v = 0; v < g.n; v++) {
                next[refined[v]] = membership[v];
            }
            for (int u = 0; u < g0.n; u++) {
                aggregateOf[u] = refined[aggregateOf[u]];
            }
            g = g.aggregate(refined, parts);
            membership = next;
        }
        int[] out = new int[g0.n];
        for (int u = 0; u < g0.n; u++) {
            out[u] = membership[aggregateOf[u]];
        }
        return out;
    }

    /** Algorithm A.2, MoveNodesFast: visits nodes from a queue, each moved to its best community. */
    private void moveNodes(CommunityGraph g, int[] membership) {
        int n = g.n;
        double[] strength = new double[n];
        int[] size = new int[n];
        for (int v = 0; v < n; v++) {
            strength[membership[v]] += g.nodeWeight[v];
            size[membership[v]]++;
        }
        int[] empty = new int[n];
        int emptyCount = 0;
        for (int c = n - 1; c >= 0; c--) {
            if (size[c] == 0) {
                empty[emptyCount++] = c;
            }
        }
        int[] queue = permutation(n);
        boolean[] queued = new boolean[n];
        Arrays.fill(queued, true);
        int head = 0;
        int queueSize = n;
        double[] toCommunity = new double[n];
        int[] touched = new int[n];
        double scale = resolution / g.total;
        while (queueSize > 0) {
            int v = queue[head];
            head = (head + 1) % n;
            queueSize--;
            queued[v] = false;
            int from = membership[v];
            double kv = g.nodeWeight[v];
            strength[from] -= kv;
            size[from]--;
            int nt = 0;
            for (int p = g.ptr[v]; p < g.ptr[v + 1]; p++) {
                int c = membership[g.adj[p]];
                if (toCommunity[c] == 0) {
                    touched[nt++] = c;
                }
                toCommunity[c] += g.weight[p];
            }
            int best = from;
            double bestGain = toCommunity[from] - scale * kv * strength[from];
            for (int t = 0; t < nt; t++) {
                int c = touched[t];
                double gain = toCommunity[c] - scale * kv * strength[c];
                if (gain > bestGain) {
                    bestGain = gain;
                    best = c;
                }
            }
            if (bestGain < 0 && size[from] > 0) {
                best = empty[--emptyCount];
            }
            for (int t = 0; t < nt; t++) {
                toCommunity[touched[t]] = 0;
            }
            toCommunity[from] = 0;
            if (size[from] == 0 && best != from) {
                empty[emptyCount++] = from;
            }
            membership[v] = best;
            strength[best] += kv;
            size[best]++;
            if (best != from) {
                for (int p = g.ptr[v]; p < g.ptr[v + 1]; p++) {
                    int u = g.adj[p];
                    if (!queued[u] && membership[u] != best) {
                        queued[u] = true;
                        queue[(head + queueSize) % n] = u;
                        queueSize++;
                    }
                }
            }
        }
    }

    /**
     * Algorithm A.3, RefinePartition and MergeNodesSubset: within each community, singletons that are well
     * connected to the rest of it join a well-connected part of it, drawn by {@code exp(ΔH / θ)}.
     */
    private int[] refine(CommunityGraph g, int[] membership, int count) {
        int n = g.n;
        double scale = resolution / g.total;
        double[] communityStrength = new double[count];
        for (int v = 0; v < n; v++) {
            communityStrength[membership[v]] += g.nodeWeight[v];
        }
        double[] toOwnCommunity = new double[n];
        for (int v = 0; v < n; v++) {
            for (int p = g.ptr[v]; p < g.ptr[v + 1]; p++) {
                if (membership[g.adj[p]] == membership[v]) {
                    toOwnCommunity[v] += g.weight[p];
                }
            }
        }
        int[] refined = new int[n];
        Arrays.setAll(refined, i -> i);
        double[] partStrength = g.nodeWeight.clone();
        double[] partToRest = toOwnCommunity.clone();
        boolean[] singleton = new boolean[n];
        Arrays.fill(singleton, true);
        double[] toPart = new double[n];
        int[] touched = new int[n];
        double[] chance = new double[n];
        for (int v : permutation(n)) {
            if (!singleton[v]) {
                continue;
            }
            double kv = g.nodeWeight[v];
            double whole = communityStrength[membership[v]];
            if (toOwnCommunity[v] < scale * kv * (whole - kv)) {
                continue;
            }
            int own = refined[v];
            partStrength[own] = 0;
            partToRest[own] = 0;
            int nt = 0;
            for (int p = g.ptr[v]; p < g.ptr[v + 1]; p++) {
                int u = g.adj[p];
                if (membership[u] != membership[v] || u == v) {
                    continue;
                }
                int part = refined[u];
                if (toPart[part] == 0) {
                    touched[nt++] = part;
                }
                toPart[part] += g.weight[p];
            }
            int chosen = own;
            double bestGain = 0;
            int candidates = 0;
            for (int t = 0; t < nt; t++) {
                int part = touched[t];
                double s = partStrength[part];
                if (partToRest[part] < scale * s * (whole - s)) {
                    continue;
                }
                double gain = toPart[part] - scale * kv * s;
                if (gain >= 0) {
                    touched[candidates++] = part;
                    chance[part] = gain;
                    bestGain = Math.max(bestGain, gain);
                }
            }
            if (candidates > 0) {
                double stay = Math.exp(-bestGain / randomness);
                double sum = stay;
                for (int t = 0; t < candidates; t++) {
                    sum += Math.exp((chance[touched[t]] - bestGain) / randomness);
                }
                double r = random.nextDouble() * sum - stay;
                for (int t = 0; t < candidates && r >= 0; t++) {
                    chosen = touched[t];
                    r -= Math.exp((chance[touched[t]] - bestGain) / randomness);
                }
            }
            double wToChosen = chosen == own ? 0 : toPart[chosen];
            for (int p = g.ptr[v]; p < g.ptr[v + 1]; p++) {
                toPart[refined[g.adj[p]]] = 0;
            }
            if (chosen != own) {
                singleton[chosen] = false;
                singleton[v] = false;
            }
            refined[v] = chosen;
            partStrength[chosen] += kv;
            partToRest[chosen] += toOwnCommunity[v] - 2 * wToChosen;
        }
        return refined;
    }

    private int[] permutation(int n) {
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Labels renumbered {@code 0 .. count-1} in order of first appearance; returns the count. */
    static int relabelInPlace(int[] labels) {
        int max = 0;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        int[] map = new int[max + 1];
        Arrays.fill(map, -1);
        int count = 0;
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (map[l] < 0) {
                map[l] = count++;
            }
            labels[i] = map[l];
        }
        return count;
    }

    private static int[] relabel(int[] labels) {
        int[] out = labels.clone();
        relabelInPlace(out);
        return out;
    }

    /** Labels renumbered by decreasing community weight, ties by first appearance. */
    private static int[] bySize(CommunityGraph g, int[] labels) {
        int count = 0;
        for (int l : labels) {
            count = Math.max(count, l + 1);
        }
        double[] weight = new double[count];
        int[] members = new int[count];
        for (int v = 0; v < labels.length; v++) {
            weight[labels[v]] += g.nodeWeight[v];
            members[labels[v]]++;
        }
        Integer[] order = new Integer[count];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> members[a] != members[b] ? Integer.compare(members[b], members[a])
                : weight[a] != weight[b] ? Double.compare(weight[b], weight[a]) : Integer.compare(a, b));
        int[] rank = new int[count];
        for (int r = 0; r < count; r++) {
            rank[order[r]] = r;
        }
        int[] out = new int[labels.length];
        for (int v = 0; v < labels.length; v++) {
            out[v] = rank[labels[v]];
        }
        return out;
    }
}
