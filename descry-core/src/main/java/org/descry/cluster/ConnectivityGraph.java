package org.descry.cluster;

import java.util.Arrays;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.knn.CsrGraph;

/**
 * The undirected structure agglomerative clustering merges along, made as scikit-learn 1.2.1's
 * {@code _fix_connectivity} makes it: the graph plus its transpose ({@code connectivity + connectivity.T}, an
 * edge where the sum of the two stored values is non-zero), then, when that has several connected components,
 * one edge added between the closest pair of rows of every two components ({@code _fix_connected_components})
 * so that the tree reaches a single root. scikit-learn warns in that case; {@link #components()} tells the
 * caller how many there were.
 *
 * <p>Rows hold their neighbours sorted by index (scipy's LIL rows) and never themselves: a self-loop joins
 * nothing and scikit-learn's merges skip it. The closest pairs come from {@link ClosestPairs}.
 */
final class ConnectivityGraph {

    final int n;
    final int[] indptr;
    final int[] indices;
    private final int components;

    private ConnectivityGraph(int n, int[] indptr, int[] indices, int components) {
        this.n = n;
        this.indptr = indptr;
        this.indices = indices;
        this.components = components;
    }

    /** Connected components of the symmetrised graph before it was completed. */
    int components() {
        return components;
    }

    int edges() {
        return indices.length / 2;
    }

    static ConnectivityGraph of(CsrGraph g, FloatMatrix x, int threads) {
        int n = x.rows();
        if (g.rows() != n || g.cols() != n) {
            throw new DescryException("connectivity: graph is " + g.rows() + " x " + g.cols() + ", x has " + n
                    + " rows");
        }
        int[] gp = g.indptr();
        int[] gi = g.indices();
        float[] gd = g.data();
        long[] keys = new long[2 * gi.length];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int p = gp[i]; p < gp[i + 1]; p++) {
                int j = gi[p];
                if (j < 0 || j >= n) {
                    throw new DescryException("connectivity: row " + i + " lists column " + j + ", outside [0, "
                            + n + ")");
                }
                if (j == i) {
                    continue;
                }
                keys[m++] = ((long) i << 32) | j;
                keys[m++] = ((long) j << 32) | i;
            }
        }
        float[] values = sumValues(gp, gi, gd, n, keys, m);
        int[] indptr = new int[n + 1];
        int[] idx = new int[m];
        int e = 0;
        for (int q = 0; q < m; ) {
            long key = keys[q];
            int r = q;
            while (r < m && keys[r] == key) {
                r++;
            }
            if (values[q] != 0f) {
                int i = (int) (key >>> 32);
                idx[e++] = (int) key;
                indptr[i + 1]++;
            }
            q = r;
        }
        for (int i = 0; i < n; i++) {
            indptr[i + 1] += indptr[i];
        }
        idx = Arrays.copyOf(idx, e);
        return complete(x, indptr, idx, threads);
    }

    /**
     * Sorts the directed entries {@code (i, j)} of {@code A} and {@code Aᵀ} and gives, at the first position of
     * each run of equal keys, {@code A[i][j] + A[j][i]} (scipy sums duplicate entries the same way).
     */
    private static float[] sumValues(int[] gp, int[] gi, float[] gd, int n, long[] keys, int m) {
        long[] sorted = Arrays.copyOf(keys, m);
        Arrays.sort(sorted);
        System.arraycopy(sorted, 0, keys, 0, m);
        float[] sums = new float[m];
        for (int i = 0; i < n; i++) {
            for (int p = gp[i]; p < gp[i + 1]; p++) {
                int j = gi[p];
                if (j == i) {
                    continue;
                }
                sums[first(keys, m, ((long) i << 32) | j)] += gd[p];
                sums[first(keys, m, ((long) j << 32) | i)] += gd[p];
            }
        }
        return sums;
    }

    private static int first(long[] keys, int m, long key) {
        int lo = 0;
        int hi = m;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Labels components by their smallest row (scipy's {@code connected_components} numbering). */
    static int labelComponents(int n, int[] indptr, int[] indices, int[] label) {
        Arrays.fill(label, -1);
        int[] stack = new int[n];
        int c = 0;
        for (int s = 0; s < n; s++) {
            if (label[s] >= 0) {
                continue;
            }
            int top = 0;
            stack[top++] = s;
            label[s] = c;
            while (top > 0) {
                int v = stack[--top];
                for (int p = indptr[v]; p < indptr[v + 1]; p++) {
                    int w = indices[p];
                    if (label[w] < 0) {
                        label[w] = c;
                        stack[top++] = w;
                    }
                }
            }
            c++;
        }
        return c;
    }

    private static ConnectivityGraph complete(FloatMatrix x, int[] indptr, int[] indices, int threads) {
        int n = x.rows();
        int[] label = new int[n];
        int nc = labelComponents(n, indptr, indices, label);
        if (nc == 1) {
            return new ConnectivityGraph(n, indptr, indices, 1);
        }
        int d = x.cols();
        int[] start = new int[nc + 1];
        for (int v : label) {
            start[v + 1]++;
        }
        for (int c = 0; c < nc; c++) {
            start[c + 1] += start[c];
        }
        int[] members = new int[n];
        int[] fill = Arrays.copyOf(start, nc);
        for (int v = 0; v < n; v++) {
            members[fill[label[v]]++] = v;
        }
        FloatMatrix rows = FloatMatrix.zeros(n, d);
        float[] buf = new float[d];
        for (int q = 0; q < n; q++) {
            x.copyRow(members[q], buf, 0);
            rows.setRow(q, buf, 0);
        }
        long[] best = ClosestPairs.between(rows, start, nc, threads);
        long[] added = new long[2 * best.length];
        int na = 0;
        for (long pq : best) {
            int a = members[(int) (pq >>> 32)];
            int b = members[(int) pq];
            added[na++] = ((long) a << 32) | b;
            added[na++] = ((long) b << 32) | a;
        }
        long[] all = new long[indices.length + na];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int p = indptr[i]; p < indptr[i + 1]; p++) {
                all[m++] = ((long) i << 32) | indices[p];
            }
        }
        System.arraycopy(added, 0, all, m, na);
        Arrays.sort(all);
        int[] outPtr = new int[n + 1];
        int[] outIdx = new int[all.length];
        int e = 0;
        long last = -1;
        for (long key : all) {
            if (key != last) {
                outIdx[e++] = (int) key;
                outPtr[(int) (key >>> 32) + 1]++;
                last = key;
            }
        }
        for (int i = 0; i < n; i++) {
            outPtr[i + 1] += outPtr[i];
        }
        return new ConnectivityGraph(n, outPtr, Arrays.copyOf(outIdx, e), nc);
    }
}
