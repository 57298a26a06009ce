package org.descry.cluster;

/**
 * The single-linkage hierarchy of a spanning tree in scipy's {@code linkage} layout: merge {@code i} joins nodes
 * {@code left[i]} and {@code right[i]} (rows are {@code 0 .. n-1}, merge {@code i} creates node {@code n + i}) at
 * {@code distance[i]} into a node of {@code size[i]} rows. The merges are the tree's edges in order of weight
 * (ties by edge order), so the hierarchy of a minimum spanning tree of the mutual reachability graph is HDBSCAN*'s
 * (Campello, Moulavi and Sander 2013, the hdbscan library's {@code label}).
 */
record SingleLinkageTree(int n, int[] left, int[] right, float[] distance, int[] size) {

    static SingleLinkageTree of(MutualReachabilityMst mst) {
        int n = mst.n();
        int m = mst.a().length;
        long[] keys = new long[m];
        for (int e = 0; e < m; e++) {
            keys[e] = ((long) Float.floatToIntBits(mst.weight()[e] + 0f) << 32) | e;
        }
        java.util.Arrays.parallelSort(keys);
        UnionFind uf = new UnionFind(n);
        int[] node = new int[n];
        for (int i = 0; i < n; i++) {
            node[i] = i;
        }
        int[] left = new int[m];
        int[] right = new int[m];
        float[] distance = new float[m];
        int[] size = new int[m];
        for (int q = 0; q < m; q++) {
            int e = (int) keys[q];
            int ra = uf.find(mst.a()[e]);
            int rb = uf.find(mst.b()[e]);
            left[q] = node[ra];
            right[q] = node[rb];
            distance[q] = mst.weight()[e];
            size[q] = uf.size(ra) + uf.size(rb);
            uf.union(ra, rb);
            node[uf.find(ra)] = n + q;
        }
        return new SingleLinkageTree(n, left, right, distance, size);
    }

    /** Rows under node {@code v} (1 for a row). */
    int count(int v) {
        return v < n ? 1 : size[v - n];
    }
}
