package org.descry.outlier;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One isolation tree (Liu, Ting, Zhou 2008): internal nodes split on a feature at a threshold, leaves hold the
 * path length of a row ending there, {@code depth + c(size)}, the depth in edges plus the expected depth of an
 * unbuilt subtree over the leaf's training rows ({@link #averagePathLength}). Rows go left when
 * {@code x[feature] <= threshold}.
 */
final class IsolationTree {

    private static final double EULER_GAMMA = 0.5772156649015329;

    /** Feature of each internal node, {@code -1} at a leaf. */
    private final int[] feature;
    private final double[] threshold;
    private final int[] left;
    private final int[] right;
    /** At a leaf, the path length of a row ending there. */
    private final double[] pathLength;

    IsolationTree(int[] feature, double[] threshold, int[] left, int[] right, double[] pathLength) {
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
        this.pathLength = pathLength;
    }

    /**
     * {@code c(n)}, the average path length of an unsuccessful binary-search-tree search among {@code n} items,
     * as scikit-learn's {@code _average_path_length}: 0 for {@code n <= 1}, 1 for {@code n = 2}, else
     * {@code 2 (ln(n - 1) + γ) - 2 (n - 1) / n}.
     */
    static double averagePathLength(double n) {
        if (n <= 1) {
            return 0;
        }
        if (n == 2) {
            return 1;
        }
        return 2.0 * (Math.log(n - 1.0) + EULER_GAMMA) - 2.0 * (n - 1.0) / n;
    }

    int nodes() {
        return feature.length;
    }

    /** Appends this tree's node arrays to the given concatenations, child indices local to the tree. */
    void appendTo(int[] f, double[] t, int[] l, int[] r, double[] p, int at) {
        System.arraycopy(feature, 0, f, at, feature.length);
        System.arraycopy(threshold, 0, t, at, feature.length);
        System.arraycopy(left, 0, l, at, feature.length);
        System.arraycopy(right, 0, r, at, feature.length);
        System.arraycopy(pathLength, 0, p, at, feature.length);
    }

    /** The tree of nodes {@code [from, to)} of the concatenated node arrays. */
    static IsolationTree slice(int[] f, double[] t, int[] l, int[] r, double[] p, int from, int to) {
        int n = to - from;
        for (int i = from; i < to; i++) {
            if (f[i] >= 0 && (l[i] < 0 || l[i] >= n || r[i] < 0 || r[i] >= n)) {
                throw new org.descry.data.DescryException("isolation tree node " + (i - from)
                        + " has a child outside the tree's " + n + " nodes");
            }
        }
        return new IsolationTree(Arrays.copyOfRange(f, from, to), Arrays.copyOfRange(t, from, to),
                Arrays.copyOfRange(l, from, to), Arrays.copyOfRange(r, from, to), Arrays.copyOfRange(p, from, to));
    }

    /** The path length of the row at {@code x[off .. off + d)}. */
    double pathLength(float[] x, int off) {
        int node = 0;
        while (feature[node] >= 0) {
            node = x[off + feature[node]] <= threshold[node] ? left[node] : right[node];
        }
        return pathLength[node];
    }

    /**
     * Grows a tree on the {@code m} rows of {@code rows} ({@code m x d}, row-major) to depth at most
     * {@code maxDepth}, as scikit-learn's {@code ExtraTreeRegressor(max_features=1)} inside
     * {@code IsolationForest}: at each node a feature drawn uniformly among those not constant on the node's
     * rows, a threshold uniform in {@code [min, max)} of it; a node of one row, at the depth limit or with every
     * feature constant is a leaf.
     */
    static IsolationTree grow(float[] rows, int m, int d, int maxDepth, SplittableRandom rnd) {
        Builder b = new Builder(rows, m, d, rnd);
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        b.order = order;
        b.node(0, m, 0, maxDepth);
        return new IsolationTree(Arrays.copyOf(b.feature, b.count), Arrays.copyOf(b.threshold, b.count),
                Arrays.copyOf(b.left, b.count), Arrays.copyOf(b.right, b.count),
                Arrays.copyOf(b.pathLength, b.count));
    }

    private static final class Builder {
        final float[] rows;
        final int d;
        final SplittableRandom rnd;
        final int[] feature;
        final double[] threshold;
        final int[] left;
        final int[] right;
        final double[] pathLength;
        final int[] candidates;
        int[] order;
        int count;

        Builder(float[] rows, int m, int d, SplittableRandom rnd) {
            this.rows = rows;
            this.d = d;
            this.rnd = rnd;
            int cap = 2 * m - 1;
            feature = new int[cap];
            threshold = new double[cap];
            left = new int[cap];
            right = new int[cap];
            pathLength = new double[cap];
            candidates = new int[d];
        }

        int node(int from, int to, int depth, int maxDepth) {
            int id = count++;
            int size = to - from;
            feature[id] = -1;
            if (size > 1 && depth < maxDepth && split(id, from, to)) {
                int mid = partition(from, to, feature[id], threshold[id]);
                left[id] = node(from, mid, depth + 1, maxDepth);
                right[id] = node(mid, to, depth + 1, maxDepth);
            } else {
                feature[id] = -1;
                pathLength[id] = depth + averagePathLength(size);
            }
            return id;
        }

        /** Draws features without replacement until one is not constant on the node; false if none is. */
        private boolean split(int id, int from, int to) {
            for (int f = 0; f < d; f++) {
                candidates[f] = f;
            }
            for (int left = d; left > 0; left--) {
                int pick = rnd.nextInt(left);
                int f = candidates[pick];
                candidates[pick] = candidates[left - 1];
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = from; i < to; i++) {
                    float v = rows[order[i] * d + f];
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                if (max > min) {
                    double t = min + rnd.nextDouble() * ((double) max - min);
                    feature[id] = f;
                    threshold[id] = t >= max ? min : t;
                    return true;
                }
            }
            return false;
        }

        private int partition(int from, int to, int f, double t) {
            int i = from;
            int j = to - 1;
            while (i <= j) {
                if (rows[order[i] * d + f] <= t) {
                    i++;
                } else {
                    int s = order[i];
                    order[i] = order[j];
                    order[j] = s;
                    j--;
                }
            }
            return i;
        }
    }
}
