package org.descry.cluster;

import java.util.Arrays;
import org.descry.knn.CsrGraph;

/**
 * An undirected weighted graph as community detection sees it: every edge between two different nodes stored in
 * both rows of a CSR, each node's self-loop weight apart, and a node weight (its strength in the graph it was
 * aggregated from) that the quality function multiplies with the resolution.
 *
 * <p>Aggregating the nodes of each community into one node ({@link #aggregate}) keeps the quality of every
 * partition of the aggregates equal to that of the partition of the original nodes it stands for: the edges
 * inside a community become the aggregate's self-loop, its members' strengths add up, and the edges between two
 * communities add up into one edge (Blondel et al. 2008, phase 2; Traag, Waltman, van Eck 2019).
 */
final class CommunityGraph {

    final int n;
    final int[] ptr;
    final int[] adj;
    final double[] weight;
    final double[] selfLoop;
    final double[] nodeWeight;
    /** Sum of the node weights: twice the total edge weight of the original graph ({@code 2m}). */
    final double total;

    private CommunityGraph(int n, int[] ptr, int[] adj, double[] weight, double[] selfLoop, double[] nodeWeight) {
        this.n = n;
        this.ptr = ptr;
        this.adj = adj;
        this.weight = weight;
        this.selfLoop = selfLoop;
        this.nodeWeight = nodeWeight;
        double t = 0;
        for (double w : nodeWeight) {
            t += w;
        }
        this.total = t;
    }

    /**
     * The graph of a symmetric CSR matrix ({@code a[i][j] == a[j][i]}, as UMAP's fuzzy union is): node weights are
     * the row sums, as igraph's strength counts a diagonal entry twice.
     */
    static CommunityGraph of(CsrGraph a) {
        int n = a.rows();
        int[] ptr = new int[n + 1];
        int[] adj = new int[a.nnz()];
        double[] w = new double[a.nnz()];
        double[] self = new double[n];
        double[] strength = new double[n];
        int e = 0;
        for (int i = 0; i < n; i++) {
            for (int p = a.indptr()[i]; p < a.indptr()[i + 1]; p++) {
                int j = a.indices()[p];
                double v = a.data()[p];
                if (v < 0 || !Double.isFinite(v)) {
                    throw new IllegalArgumentException("edge weights must be finite and >= 0, got " + v
                            + " at (" + i + ", " + j + ")");
                }
                if (v == 0) {
                    continue;
                }
                if (j == i) {
                    self[i] += v;
                    strength[i] += 2 * v;
                } else {
                    adj[e] = j;
                    w[e++] = v;
                    strength[i] += v;
                }
            }
            ptr[i + 1] = e;
        }
        return new CommunityGraph(n, ptr, Arrays.copyOf(adj, e), Arrays.copyOf(w, e), self, strength);
    }

    /**
     * One node per community of {@code membership} (labels {@code 0 .. count-1}, every label used): node weights
     * summed, edges inside a community summed into its self-loop, edges between two communities into one edge.
     */
    CommunityGraph aggregate(int[] membership, int count) {
        int[] start = new int[count + 1];
        for (int c : membership) {
            start[c + 1]++;
        }
        for (int c = 0; c < count; c++) {
            start[c + 1] += start[c];
        }
        int[] members = new int[n];
        int[] fill = Arrays.copyOf(start, count);
        for (int v = 0; v < n; v++) {
            members[fill[membership[v]]++] = v;
        }
        double[] self = new double[count];
        double[] nw = new double[count];
        double[] acc = new double[count];
        int[] touched = new int[count];
        int[] nptr = new int[count + 1];
        int[] nadj = new int[adj.length];
        double[] nweight = new double[adj.length];
        int out = 0;
        for (int c = 0; c < count; c++) {
            int nt = 0;
            double inside = 0;
            for (int m = start[c]; m < start[c + 1]; m++) {
                int v = members[m];
                nw[c] += nodeWeight[v];
                self[c] += selfLoop[v];
                for (int p = ptr[v]; p < ptr[v + 1]; p++) {
                    int d = membership[adj[p]];
                    if (d == c) {
                        inside += weight[p];
                    } else {
                        if (acc[d] == 0) {
                            touched[nt++] = d;
                        }
                        acc[d] += weight[p];
                    }
                }
            }
            self[c] += inside / 2;
            Arrays.sort(touched, 0, nt);
            for (int t = 0; t < nt; t++) {
                nadj[out] = touched[t];
                nweight[out++] = acc[touched[t]];
                acc[touched[t]] = 0;
            }
            nptr[c + 1] = out;
        }
        return new CommunityGraph(count, nptr, Arrays.copyOf(nadj, out), Arrays.copyOf(nweight, out), self, nw);
    }

    /**
     * Newman's modularity with a resolution, as igraph's {@code Graph.modularity(membership, weights,
     * resolution)} and leidenalg's {@code RBConfigurationVertexPartition} (divided by {@code 2m}) compute it:
     * {@code (1/2m) Σ_c (2 e_c - γ K_c² / 2m)} with {@code e_c} the weight inside community {@code c} and
     * {@code K_c} its members' strength.
     */
    double modularity(int[] membership, double resolution) {
        int count = 0;
        for (int c : membership) {
            count = Math.max(count, c + 1);
        }
        double[] inside = new double[count];
        double[] strength = new double[count];
        for (int v = 0; v < n; v++) {
            int c = membership[v];
            strength[c] += nodeWeight[v];
            inside[c] += 2 * selfLoop[v];
            for (int p = ptr[v]; p < ptr[v + 1]; p++) {
                if (membership[adj[p]] == c) {
                    inside[c] += weight[p];
                }
            }
        }
        double q = 0;
        for (int c = 0; c < count; c++) {
            q += inside[c] - resolution * strength[c] * strength[c] / total;
        }
        return total > 0 ? q / total : 0;
    }
}
