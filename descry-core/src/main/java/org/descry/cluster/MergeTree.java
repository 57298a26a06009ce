package org.descry.cluster;

import java.util.Arrays;
import java.util.Objects;

/**
 * The full binary merge tree of an agglomerative clustering of {@code n} rows, in scikit-learn's form: merge
 * {@code m} joins nodes {@code children[2m]} and {@code children[2m+1]} into node {@code n + m} at distance
 * {@code distances[m]}; nodes below {@code n} are the rows. Kept whole so that any number of clusters can be cut
 * from one fit in {@code O(n)}.
 *
 * <p>Two cuts reproduce scikit-learn's label numbering. {@link #cut(int)} is {@code _hc_cut}: it opens the most
 * recent merges first, keeping the open nodes in a Python {@code heapq} of negated node ids, and numbers the
 * clusters by their position in that heap's list. {@link #heads(int)} is what scikit-learn does when it stops the
 * tree early ({@code compute_full_tree} false, with a connectivity graph): the clusters after the first
 * {@code n - k} merges, numbered by increasing id of their top node.
 */
public final class MergeTree {

    private final int n;
    private final int[] children;
    private final double[] distances;
    private final int[] sizes;

    MergeTree(int n, int[] children, double[] distances) {
        if (children.length != 2 * (n - 1) || distances.length != n - 1) {
            throw new IllegalArgumentException("a tree of " + n + " leaves has " + (n - 1) + " merges, got "
                    + children.length / 2 + " children and " + distances.length + " distances");
        }
        this.n = n;
        this.children = children;
        this.distances = distances;
        this.sizes = new int[n - 1];
        for (int m = 0; m < n - 1; m++) {
            int a = children[2 * m];
            int b = children[2 * m + 1];
            if (a < 0 || b < 0 || a >= n + m || b >= n + m || a == b) {
                throw new IllegalArgumentException("merge " + m + " joins " + a + " and " + b
                        + ", not two distinct earlier nodes");
            }
            sizes[m] = size(a) + size(b);
        }
        if (n > 1 && sizes[n - 2] != n) {
            throw new IllegalArgumentException("the last merge holds " + sizes[n - 2] + " of " + n + " rows");
        }
    }

    private int size(int node) {
        return node < n ? 1 : sizes[node - n];
    }

    /** Number of leaves (rows). */
    public int leaves() {
        return n;
    }

    /** The {@code (n-1) x 2} children, row-major, as scikit-learn's {@code children_} (a copy). */
    public int[] children() {
        return children.clone();
    }

    /** The merge distances, scikit-learn's {@code distances_} (a copy). */
    public double[] distances() {
        return distances.clone();
    }

    /** The number of rows under each merge (scipy's fourth linkage column; a copy). */
    public int[] sizes() {
        return sizes.clone();
    }

    int child(int merge, int side) {
        return children[2 * merge + side];
    }

    double distance(int merge) {
        return distances[merge];
    }

    /** scikit-learn's {@code _hc_cut(k, children_, n_leaves_)}: labels {@code 0 .. k-1}. */
    public int[] cut(int k) {
        checkK(k);
        if (n == 1) {
            return new int[1];
        }
        int[] heap = new int[k];
        int size = 1;
        heap[0] = -(Math.max(children[2 * (n - 2)], children[2 * (n - 2) + 1]) + 1);
        for (int s = 0; s < k - 1; s++) {
            int node = -heap[0];
            int m = node - n;
            heap[size] = -children[2 * m];
            siftDown(heap, 0, size);
            size++;
            int item = -children[2 * m + 1];
            if (heap[0] < item) {
                heap[0] = item;
                siftUp(heap, size, 0);
            }
        }
        int[] labels = new int[n];
        int[] stack = new int[n];
        for (int c = 0; c < k; c++) {
            int top = 0;
            stack[top++] = -heap[c];
            while (top > 0) {
                int v = stack[--top];
                if (v < n) {
                    labels[v] = c;
                } else {
                    stack[top++] = children[2 * (v - n)];
                    stack[top++] = children[2 * (v - n) + 1];
                }
            }
        }
        return labels;
    }

    /** The clusters after the first {@code n - k} merges, numbered by increasing top node (early stopping). */
    public int[] heads(int k) {
        checkK(k);
        int merges = n - k;
        int[] top = new int[n + merges];
        for (int v = 0; v < top.length; v++) {
            top[v] = v;
        }
        for (int m = merges - 1; m >= 0; m--) {
            int node = n + m;
            top[children[2 * m]] = top[node];
            top[children[2 * m + 1]] = top[node];
        }
        boolean[] isHead = new boolean[n + merges];
        for (int v = 0; v < n; v++) {
            isHead[top[v]] = true;
        }
        int[] rank = new int[n + merges];
        int r = 0;
        for (int v = 0; v < rank.length; v++) {
            if (isHead[v]) {
                rank[v] = r++;
            }
        }
        int[] labels = new int[n];
        for (int v = 0; v < n; v++) {
            labels[v] = rank[top[v]];
        }
        return labels;
    }

    private void checkK(int k) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in [1, n=" + n + "], got " + k);
        }
    }

    /** heapq's {@code _siftdown}. */
    private static void siftDown(int[] heap, int start, int pos) {
        int item = heap[pos];
        while (pos > start) {
            int parent = (pos - 1) >>> 1;
            if (item < heap[parent]) {
                heap[pos] = heap[parent];
                pos = parent;
                continue;
            }
            break;
        }
        heap[pos] = item;
    }

    /** heapq's {@code _siftup}: the smaller child rises to the leaf, then the item sifts down. */
    private static void siftUp(int[] heap, int size, int pos) {
        int start = pos;
        int item = heap[pos];
        int child = 2 * pos + 1;
        while (child < size) {
            int right = child + 1;
            if (right < size && !(heap[child] < heap[right])) {
                child = right;
            }
            heap[pos] = heap[child];
            pos = child;
            child = 2 * pos + 1;
        }
        heap[pos] = item;
        siftDown(heap, start, pos);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MergeTree t && t.n == n && Arrays.equals(t.children, children)
                && Arrays.equals(t.distances, distances);
    }

    @Override
    public int hashCode() {
        return Objects.hash(n, Arrays.hashCode(children));
    }
}
