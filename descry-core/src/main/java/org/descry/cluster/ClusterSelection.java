package org.descry.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which clusters of a {@link CondensedTree} become the flat clustering, and the labels and membership strengths
 * that follow: the hdbscan library's {@code get_clusters}, {@code do_labelling} and {@code get_probabilities}
 * (McInnes, Healy and Astels 2017), which scikit-learn 1.3 copied.
 *
 * <ul>
 * <li>Excess of mass (Campello, Moulavi and Sander 2013, section 3.3): bottom-up, a cluster is kept when its
 *     stability is at least the summed stability of its selected descendants, else it is replaced by them. The
 *     root takes part only with {@code allowSingleCluster}.</li>
 * <li>Leaf: the leaves of the cluster tree; a tree without splits selects nothing (all noise), as the library.</li>
 * <li>{@code clusterSelectionEpsilon} (Malzer and Baum 2020, as the library): a selected cluster born below
 *     distance epsilon is replaced by its closest ancestor born above it (not the root unless
 *     {@code allowSingleCluster}). Selected clusters are visited in increasing number (the library iterates a
 *     Python set).</li>
 * </ul>
 * A row's label is that of the nearest selected cluster it belonged to, -1 if none. When the root is the only
 * selected cluster, a row belongs to it only if it left at lambda {@code >= 1 / epsilon} (epsilon set) or at the
 * root's largest lambda, as in the library. A row's probability is {@code min(lambda, lambda_max) / lambda_max}
 * with {@code lambda_max} the largest lambda of the selected cluster's own rows (1 when that is 0), 0 for noise.
 *
 * @param selected  the selected clusters' numbers, increasing: label {@code i} is cluster {@code selected[i]}
 * @param labelOf   for each cluster (index {@code c - n}) its label, or -1: the nearest selected ancestor-or-self
 * @param labels    per data row
 * @param probabilities per data row
 */
record ClusterSelection(int[] selected, int[] labelOf, int[] labels, float[] probabilities) {

    static ClusterSelection of(CondensedTree tree, Hdbscan.SelectionMethod method, double epsilon,
            boolean allowSingleCluster) {
        int n = tree.n();
        int clusters = tree.clusters();
        int root = tree.root();
        int[] up = tree.clusterParents();
        float[] birth = tree.births();
        int[][] kids = children(up, clusters, n);
        boolean hasSplits = clusters > 1;
        boolean[] isCluster = new boolean[clusters];
        if (method == Hdbscan.SelectionMethod.EOM) {
            double[] stability = tree.stability();
            int last = allowSingleCluster ? 0 : 1;
            boolean[] keep = new boolean[clusters];
            for (int c = clusters - 1; c >= last; c--) {
                double subtree = 0;
                for (int k : kids[c]) {
                    subtree += stability[k];
                }
                if (subtree > stability[c]) {
                    stability[c] = subtree;
                } else {
                    keep[c] = true;
                }
            }
            // the library clears everything below a kept cluster: selected = kept with no kept ancestor
            boolean[] covered = new boolean[clusters];
            for (int c = last; c < clusters; c++) {
                boolean above = c > 0 && (covered[up[c] - n] || isCluster[up[c] - n]);
                covered[c] = above;
                isCluster[c] = keep[c] && !above;
            }
            if (epsilon != 0 && hasSplits) {
                int[] eom = indicesOf(isCluster);
                Arrays.fill(isCluster, false);
                if (eom.length == 1 && eom[0] == 0) {
                    if (allowSingleCluster) {
                        isCluster[0] = true;
                    }
                } else {
                    epsilonSearch(eom, up, birth, kids, epsilon, allowSingleCluster, n, isCluster);
                }
            }
        } else {
            int[] leaves = new int[0];
            if (hasSplits) {
                List<Integer> l = new ArrayList<>();
                for (int c = 1; c < clusters; c++) {
                    if (kids[c].length == 0) {
                        l.add(c);
                    }
                }
                leaves = l.stream().mapToInt(Integer::intValue).toArray();
            }
            if (epsilon != 0) {
                epsilonSearch(leaves, up, birth, kids, epsilon, allowSingleCluster, n, isCluster);
            } else {
                for (int c : leaves) {
                    isCluster[c] = true;
                }
            }
        }
        int[] selectedIdx = indicesOf(isCluster);
        int[] selected = new int[selectedIdx.length];
        for (int i = 0; i < selectedIdx.length; i++) {
            selected[i] = selectedIdx[i] + n;
        }
        int[] labelOf = labelOf(tree, selected);
        float[] maxLambda = tree.maxLambdas();
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        float[] probabilities = new float[n];
        boolean single = selected.length == 1 && selected[0] == root;
        float rootMax = maxLambda[0];
        for (int i = 0; i < tree.child().length; i++) {
            int point = tree.child()[i];
            if (point >= n) {
                continue;
            }
            int p = tree.parent()[i] - n;
            int label = labelOf[p];
            float lam = tree.lambda()[i];
            if (label >= 0 && selected[label] == root) {
                boolean member = single && allowSingleCluster
                        && (epsilon != 0 ? lam >= 1.0 / epsilon : lam >= rootMax);
                label = member ? label : -1;
            }
            labels[point] = label;
            if (label >= 0) {
                float max = maxLambda[selected[label] - n];
                probabilities[point] = max == 0f ? 1f : Math.min(lam, max) / max;
            }
        }
        return new ClusterSelection(selected, labelOf, labels, probabilities);
    }

    /** Each cluster's label (index {@code c - n}): that of its nearest selected ancestor-or-self, else -1. */
    static int[] labelOf(CondensedTree tree, int[] selected) {
        int n = tree.n();
        int[] up = tree.clusterParents();
        int[] labelOf = new int[tree.clusters()];
        Arrays.fill(labelOf, -1);
        for (int i = 0; i < selected.length; i++) {
            labelOf[selected[i] - n] = i;
        }
        for (int c = 1; c < labelOf.length; c++) {
            if (labelOf[c] < 0) {
                labelOf[c] = labelOf[up[c] - n];
            }
        }
        return labelOf;
    }

    static int[][] children(int[] up, int clusters, int n) {
        int[] count = new int[clusters];
        for (int c = 1; c < clusters; c++) {
            count[up[c] - n]++;
        }
        int[][] kids = new int[clusters][];
        for (int c = 0; c < clusters; c++) {
            kids[c] = new int[count[c]];
        }
        int[] fill = new int[clusters];
        for (int c = 1; c < clusters; c++) {
            int p = up[c] - n;
            kids[p][fill[p]++] = c;
        }
        return kids;
    }

    /** Sets {@code flags} false (clear) or true for every cluster strictly below {@code c}, without recursion. */
    private static void setBelow(int[][] kids, int c, boolean[] flags, boolean value) {
        int[] stack = new int[16];
        int top = 0;
        stack[top++] = c;
        while (top > 0) {
            int v = stack[--top];
            for (int k : kids[v]) {
                flags[k] = value;
                if (top == stack.length) {
                    stack = Arrays.copyOf(stack, 2 * top);
                }
                stack[top++] = k;
            }
        }
    }

    private static int[] indicesOf(boolean[] flags) {
        int count = 0;
        for (boolean f : flags) {
            count += f ? 1 : 0;
        }
        int[] out = new int[count];
        int o = 0;
        for (int i = 0; i < flags.length; i++) {
            if (flags[i]) {
                out[o++] = i;
            }
        }
        return out;
    }

    /** The library's {@code epsilon_search} over candidate clusters (indices {@code c - n}). */
    private static void epsilonSearch(int[] candidates, int[] up, float[] birth, int[][] kids, double epsilon,
            boolean allowSingleCluster, int n, boolean[] isCluster) {
        boolean[] processed = new boolean[isCluster.length];
        for (int c : candidates) {
            double eps = 1.0 / birth[c];
            if (eps < epsilon) {
                if (!processed[c]) {
                    int chosen = traverseUpwards(c, up, birth, epsilon, allowSingleCluster, n);
                    isCluster[chosen] = true;
                    markBelow(kids, chosen, processed);
                }
            } else {
                isCluster[c] = true;
            }
        }
    }

    private static void markBelow(int[][] kids, int c, boolean[] processed) {
        setBelow(kids, c, processed, true);
    }

    private static int traverseUpwards(int leaf, int[] up, float[] birth, double epsilon, boolean allowSingle,
            int n) {
        int c = leaf;
        while (true) {
            int parent = up[c] - n;
            if (parent == 0) {
                return allowSingle ? 0 : c;
            }
            if (1.0 / birth[parent] > epsilon) {
                return parent;
            }
            c = parent;
        }
    }

    /**
     * The exemplars of each selected cluster, as the library's {@code exemplars_}: in every leaf of the cluster's
     * subtree, the rows that stay until the leaf's largest lambda. Returned as row lists per label.
     */
    static int[][] exemplars(CondensedTree tree, int[] selected) {
        int n = tree.n();
        int[] up = tree.clusterParents();
        int[][] kids = children(up, tree.clusters(), n);
        float[] maxLambda = tree.maxLambdas();
        int[][] out = new int[selected.length][];
        List<Integer>[] byLeaf = pointsAtMax(tree, maxLambda);
        for (int s = 0; s < selected.length; s++) {
            List<Integer> rows = new ArrayList<>();
            collectLeaves(kids, selected[s] - n, byLeaf, rows);
            out[s] = rows.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Integer>[] pointsAtMax(CondensedTree tree, float[] maxLambda) {
        int n = tree.n();
        List<Integer>[] byCluster = new List[tree.clusters()];
        for (int i = 0; i < tree.child().length; i++) {
            int p = tree.parent()[i] - n;
            if (tree.child()[i] < n && tree.lambda()[i] == maxLambda[p]) {
                if (byCluster[p] == null) {
                    byCluster[p] = new ArrayList<>();
                }
                byCluster[p].add(tree.child()[i]);
            }
        }
        return byCluster;
    }

    /** Leaves of {@code c}'s subtree in depth-first order, left child first, without recursion. */
    private static void collectLeaves(int[][] kids, int c, List<Integer>[] byLeaf, List<Integer> rows) {
        java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        stack.push(c);
        while (!stack.isEmpty()) {
            int v = stack.pop();
            if (kids[v].length == 0) {
                if (byLeaf[v] != null) {
                    rows.addAll(byLeaf[v]);
                }
                continue;
            }
            for (int i = kids[v].length - 1; i >= 0; i--) {
                stack.push(kids[v][i]);
            }
        }
    }
}
