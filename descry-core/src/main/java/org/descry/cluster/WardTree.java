package org.descry.cluster;

import java.util.Arrays;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;

/**
 * scikit-learn 1.2.1's structured {@code ward_tree}: Ward's criterion restricted to pairs of clusters joined by
 * the connectivity graph. Every cluster keeps its moments (size and the float64 sum of its rows); the cost of
 * joining two clusters is {@code n_a n_b / (n_a + n_b) * ||mean_a - mean_b||²}, computed with the same float64
 * operations in the same order as {@code compute_ward_dist}. A heap holds the costs of the connected pairs as
 * {@code (cost, i, j)}; popping the least (ties by the tuple order, as Python compares them) joins two live
 * clusters into node {@code k}, whose neighbours are the live clusters holding a neighbour of either part, and
 * whose costs to them are pushed. Stale entries stay in the heap and are skipped when popped, as in
 * scikit-learn. Since {@code (cost, i, j)} is a total order, the merge sequence is scikit-learn's exactly.
 *
 * <p>Memory is linear in the edges: the sums of live clusters reuse the slot of the merged part, neighbour lists
 * are int arrays (a merged cluster's lists are dropped), and the heap is three parallel primitive arrays.
 * The reported distance is {@code sqrt(2 * cost)}, scikit-learn's {@code distances_}.
 */
final class WardTree {

    private WardTree() {}

    static MergeTree build(FloatMatrix x, ConnectivityGraph g, int threads, Progress progress) {
        int n = x.rows();
        int d = x.cols();
        int nodes = 2 * n - 1;
        double[] m1 = new double[nodes];
        int[] slot = new int[nodes];
        double[] m2 = new double[n * d];
        float[] row = new float[d];
        for (int i = 0; i < n; i++) {
            m1[i] = 1;
            slot[i] = i;
            x.copyRow(i, row, 0);
            for (int f = 0; f < d; f++) {
                m2[i * d + f] = row[f];
            }
        }
        int[] indptr = g.indptr;
        int[] indices = g.indices;
        int[] lowerStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int p = indptr[i]; p < indptr[i + 1] && indices[p] < i; p++) {
                c++;
            }
            lowerStart[i + 1] = lowerStart[i] + c;
        }
        double[] initial = new double[lowerStart[n]];
        int blocks = Math.max(1, Math.min(n, threads * 8));
        Workers.forEach(threads, blocks, t -> {
            int i0 = (int) ((long) n * t / blocks);
            int i1 = (int) ((long) n * (t + 1) / blocks);
            for (int i = i0; i < i1; i++) {
                int q = lowerStart[i];
                for (int p = indptr[i]; p < indptr[i + 1] && indices[p] < i; p++) {
                    initial[q++] = cost(m1, m2, slot, d, i, indices[p]);
                }
            }
        });
        PyHeap heap = new PyHeap(initial.length * 2, true);
        for (int i = 0; i < n; i++) {
            int q = lowerStart[i];
            for (int p = indptr[i]; p < indptr[i + 1] && indices[p] < i; p++) {
                heap.append(initial[q++], i, indices[p]);
            }
        }
        heap.heapify();

        int[][] adj = new int[nodes][];
        int[] adjLen = new int[nodes];
        for (int i = 0; i < n; i++) {
            adj[i] = Arrays.copyOfRange(indices, indptr[i], indptr[i + 1]);
            adjLen[i] = adj[i].length;
        }
        int[] uf = new int[nodes];
        for (int v = 0; v < nodes; v++) {
            uf[v] = v;
        }
        boolean[] used = new boolean[nodes];
        Arrays.fill(used, 0, n, true);
        int[] seen = new int[nodes];
        Arrays.fill(seen, -1);
        int[] children = new int[2 * (n - 1)];
        double[] distances = new double[n - 1];
        int[] cols = new int[16];
        double[] w = new double[1];
        int[] ij = new int[2];
        long step = Math.max(1, (n - 1) / 200);
        for (int k = n; k < nodes; k++) {
            int i;
            int j;
            double inert;
            while (true) {
                if (heap.size() == 0) {
                    throw new IllegalStateException("ward: the heap ran out at merge " + (k - n)
                            + "; the connectivity graph is not connected");
                }
                heap.pop(w, ij);
                i = ij[0];
                j = ij[1];
                if (used[i] && used[j]) {
                    inert = w[0];
                    break;
                }
            }
            used[i] = false;
            used[j] = false;
            used[k] = true;
            uf[i] = k;
            uf[j] = k;
            children[2 * (k - n)] = j;
            children[2 * (k - n) + 1] = i;
            distances[k - n] = Math.sqrt(2.0 * inert);
            m1[k] = m1[i] + m1[j];
            int si = slot[i];
            int sj = slot[j];
            slot[k] = si;
            for (int f = 0; f < d; f++) {
                m2[si * d + f] = m2[si * d + f] + m2[sj * d + f];
            }
            seen[k] = k;
            int nc = 0;
            for (int side = 0; side < 2; side++) {
                int src = side == 0 ? i : j;
                int[] list = adj[src];
                for (int p = 0, e = adjLen[src]; p < e; p++) {
                    int h = find(uf, list[p]);
                    if (seen[h] != k) {
                        seen[h] = k;
                        if (nc == cols.length) {
                            cols = Arrays.copyOf(cols, nc * 2);
                        }
                        cols[nc++] = h;
                    }
                }
                adj[src] = null;
            }
            for (int c = 0; c < nc; c++) {
                int col = cols[c];
                if (adjLen[col] == adj[col].length) {
                    adj[col] = Arrays.copyOf(adj[col], Math.max(4, adjLen[col] * 3 / 2 + 1));
                }
                adj[col][adjLen[col]++] = k;
            }
            adj[k] = Arrays.copyOf(cols, nc);
            adjLen[k] = nc;
            for (int c = 0; c < nc; c++) {
                heap.push(cost(m1, m2, slot, d, k, cols[c]), k, cols[c]);
            }
            if ((k - n + 1) % step == 0) {
                progress.step(k - n + 1, n - 1);
            }
        }
        progress.step(n - 1, n - 1);
        return new MergeTree(n, children, distances);
    }

    /** {@code compute_ward_dist} for one pair, operation for operation. */
    static double cost(double[] m1, double[] m2, int[] slot, int d, int row, int col) {
        double a = m1[row];
        double b = m1[col];
        double size = (a * b) / (a + b);
        int r = slot[row] * d;
        int c = slot[col] * d;
        double pa = 0;
        for (int f = 0; f < d; f++) {
            double diff = m2[r + f] / a - m2[c + f] / b;
            pa += diff * diff;
        }
        return pa * size;
    }

    static int find(int[] uf, int v) {
        int root = v;
        while (uf[root] != root) {
            root = uf[root];
        }
        while (uf[v] != root) {
            int next = uf[v];
            uf[v] = root;
            v = next;
        }
        return root;
    }
}
