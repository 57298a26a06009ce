package org.descry.cluster;

import java.util.Arrays;

/**
 * HDBSCAN's condensed cluster tree (Campello, Moulavi and Sander 2013, section 3.2; the hdbscan library's
 * {@code condense_tree}): the single-linkage hierarchy walked from the top, where a split in which both sides hold
 * at least {@code minClusterSize} rows makes two new clusters, and otherwise the small side's rows fall out of the
 * cluster (the large side keeps the cluster's identity). Row {@code i} says that {@code child[i]} (a data row when
 * {@code < n}, else a cluster) leaves cluster {@code parent[i]} at density {@code lambda[i] = 1 / distance}, with
 * {@code childSize[i]} rows. The root cluster is {@code n}; clusters are numbered {@code n, n + 1, ...} in
 * breadth-first order of the hierarchy, so a parent's number is below its children's, as in the library.
 *
 * <p>Lambdas are float32 (the library keeps float64); a merge at distance 0 (duplicate rows) gets
 * {@code Float.MAX_VALUE} instead of infinity, so stabilities stay finite.
 */
record CondensedTree(int n, int[] parent, int[] child, float[] lambda, int[] childSize, int clusters) {

    /** The root cluster's number. */
    int root() {
        return n;
    }

    static float lambdaOf(float distance) {
        return distance > 0 ? Math.min(Float.MAX_VALUE, 1f / distance) : Float.MAX_VALUE;
    }

    static CondensedTree of(SingleLinkageTree h, int minClusterSize) {
        int n = h.n();
        int nodes = 2 * n - 1;
        int cap = 2 * n;
        int[] parent = new int[cap];
        int[] child = new int[cap];
        float[] lambda = new float[cap];
        int[] childSize = new int[cap];
        int rows = 0;
        int rootNode = nodes - 1;
        int[] relabel = new int[nodes];
        boolean[] ignore = new boolean[nodes];
        int[] queue = new int[nodes];
        int[] sub = new int[nodes];
        int next = n + 1;
        if (n == 1) {
            parent[0] = n;
            child[0] = 0;
            lambda[0] = 0f;
            childSize[0] = 1;
            return new CondensedTree(n, Arrays.copyOf(parent, 1), Arrays.copyOf(child, 1),
                    Arrays.copyOf(lambda, 1), Arrays.copyOf(childSize, 1), 1);
        }
        relabel[rootNode] = n;
        int head = 0;
        int tail = 0;
        queue[tail++] = rootNode;
        while (head < tail) {
            int node = queue[head++];
            if (node >= n) {
                int r = node - n;
                queue[tail++] = h.left()[r];
                queue[tail++] = h.right()[r];
            }
            if (ignore[node] || node < n) {
                continue;
            }
            int r = node - n;
            int left = h.left()[r];
            int right = h.right()[r];
            float lam = lambdaOf(h.distance()[r]);
            int lc = h.count(left);
            int rc = h.count(right);
            int p = relabel[node];
            if (lc >= minClusterSize && rc >= minClusterSize) {
                relabel[left] = next++;
                parent[rows] = p;
                child[rows] = relabel[left];
                lambda[rows] = lam;
                childSize[rows++] = lc;
                relabel[right] = next++;
                parent[rows] = p;
                child[rows] = relabel[right];
                lambda[rows] = lam;
                childSize[rows++] = rc;
            } else {
                if (lc < minClusterSize) {
                    rows = fallOut(h, left, p, lam, ignore, sub, parent, child, lambda, childSize, rows);
                } else {
                    relabel[left] = p;
                }
                if (rc < minClusterSize) {
                    rows = fallOut(h, right, p, lam, ignore, sub, parent, child, lambda, childSize, rows);
                } else {
                    relabel[right] = p;
                }
            }
        }
        return new CondensedTree(n, Arrays.copyOf(parent, rows), Arrays.copyOf(child, rows),
                Arrays.copyOf(lambda, rows), Arrays.copyOf(childSize, rows), next - n);
    }

    /** Every row under {@code top} leaves cluster {@code p} at {@code lam}, in breadth-first order. */
    private static int fallOut(SingleLinkageTree h, int top, int p, float lam, boolean[] ignore, int[] sub,
            int[] parent, int[] child, float[] lambda, int[] childSize, int rows) {
        int n = h.n();
        int head = 0;
        int tail = 0;
        sub[tail++] = top;
        while (head < tail) {
            int v = sub[head++];
            ignore[v] = true;
            if (v < n) {
                parent[rows] = p;
                child[rows] = v;
                lambda[rows] = lam;
                childSize[rows++] = 1;
            } else {
                sub[tail++] = h.left()[v - n];
                sub[tail++] = h.right()[v - n];
            }
        }
        return rows;
    }

    /**
     * The stability of each cluster (index {@code c - n}): {@code sum over its rows of (lambda - birth) * size},
     * the excess of mass of Campello et al. 2013, equation (3), as the library's {@code compute_stability}.
     */
    double[] stability() {
        float[] birth = births();
        double[] s = new double[clusters];
        for (int i = 0; i < parent.length; i++) {
            int p = parent[i] - n;
            s[p] += ((double) lambda[i] - birth[p]) * childSize[i];
        }
        return s;
    }

    /** The lambda at which each cluster (index {@code c - n}) was born; 0 for the root. */
    float[] births() {
        float[] birth = new float[clusters];
        for (int i = 0; i < child.length; i++) {
            if (child[i] >= n) {
                birth[child[i] - n] = lambda[i];
            }
        }
        return birth;
    }

    /** The parent cluster of each cluster (index {@code c - n}), -1 for the root. */
    int[] clusterParents() {
        int[] p = new int[clusters];
        p[0] = -1;
        for (int i = 0; i < child.length; i++) {
            if (child[i] >= n) {
                p[child[i] - n] = parent[i];
            }
        }
        return p;
    }

    /** The largest lambda among each cluster's own rows (index {@code c - n}): the library's {@code max_lambdas}. */
    float[] maxLambdas() {
        float[] m = new float[clusters];
        for (int i = 0; i < parent.length; i++) {
            int p = parent[i] - n;
            m[p] = Math.max(m[p], lambda[i]);
        }
        return m;
    }

    /**
     * The largest lambda anywhere in each cluster's subtree: the density {@code lambda_max(C)} up to which the
     * cluster or one of its sub-clusters still exists, GLOSH's reference (Campello et al. 2015, section 5).
     */
    float[] subtreeMaxLambdas() {
        float[] m = maxLambdas();
        int[] up = clusterParents();
        for (int c = clusters - 1; c > 0; c--) {
            int p = up[c] - n;
            m[p] = Math.max(m[p], m[c]);
        }
        return m;
    }

    /** For each data row, the index in these arrays of the row where it leaves the tree. */
    int[] pointRows() {
        int[] at = new int[n];
        for (int i = 0; i < child.length; i++) {
            if (child[i] < n) {
                at[child[i]] = i;
            }
        }
        return at;
    }
}
