package org.descry.cluster;

/**
 * scikit-learn's {@code _single_linkage_label}: turns the edges of a minimum spanning tree, sorted by weight,
 * into merges by union-find. Each merge joins the current top nodes of the edge's two ends in the edge's
 * order (left end first) and the new node takes the next id.
 */
final class SingleLinkageLabel {

    private SingleLinkageLabel() {}

    static MergeTree label(int n, int[] left, int[] right, double[] weight) {
        int[] parent = new int[2 * n - 1];
        java.util.Arrays.fill(parent, -1);
        int[] children = new int[2 * (n - 1)];
        double[] distances = new double[n - 1];
        for (int m = 0; m < n - 1; m++) {
            int l = find(parent, left[m]);
            int r = find(parent, right[m]);
            children[2 * m] = l;
            children[2 * m + 1] = r;
            distances[m] = weight[m];
            parent[l] = n + m;
            parent[r] = n + m;
        }
        return new MergeTree(n, children, distances);
    }

    private static int find(int[] parent, int v) {
        int root = v;
        while (parent[root] != -1) {
            root = parent[root];
        }
        while (v != root && parent[v] != root) {
            int next = parent[v];
            parent[v] = root;
            v = next;
        }
        return root;
    }
}
