package org.descry.knn;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.descry.linalg.Kernels;

/**
 * One random-projection tree (PyNNDescent's {@code make_euclidean_tree}): a node's rows are split by the
 * hyperplane halfway between two of its rows drawn at random, until at most {@code leafSize} remain; rows on
 * the hyperplane go to a random side. On unit rows (cosine) the hyperplane passes through the origin,
 * PyNNDescent's angular tree. The leaves are runs of {@link #order}, left to right: leaf {@code l} is
 * {@code order[leafStart[l] .. leafStart[l + 1])}.
 *
 * <p>Two uses. {@link #forest} trees start NN-descent: every pair of rows in a leaf is a first candidate, and
 * only the leaves are kept. A {@link #searchable} tree also keeps its hyperplanes (PyNNDescent's search tree,
 * searched by {@code search_flat_tree}): a query descends by the sign of its margin (0 goes left) to one
 * {@link #leaf}, whose rows are the entry points of a {@link SearchIndex} query, near the query and in the right
 * cluster even when the neighbour graph does not connect the clusters.
 *
 * <p>The two differ in one rule, kept so that no result changes: when a hyperplane leaves one side empty (two
 * equal rows drawn, all margins rounding to one sign), a forest tree splits the node by coin flips and halves it
 * in order only if those leave a side empty too, while a searchable tree halves it in order at once. A search
 * tree is rebuilt from its seed when a saved {@link SearchIndex} is loaded, so its rule is part of the saved
 * index's answers; the forest's is part of every seeded NN-descent graph.
 */
final class RpTree {

    final int[] order;
    final int[] leafStart;
    private final int d;
    /** Per internal node of a searchable tree: its normal ({@code d} floats); empty for a forest tree. */
    private final float[] planes;
    private final float[] offsets;
    /** Per internal node of a searchable tree: left and right child; a leaf {@code l} is {@code -(l + 1)}. */
    private final int[] children;
    private final boolean searchable;

    private RpTree(int[] order, int[] leafStart, int d, float[] planes, float[] offsets, int[] children,
            boolean searchable) {
        this.order = order;
        this.leafStart = leafStart;
        this.d = d;
        this.planes = planes;
        this.offsets = offsets;
        this.children = children;
        this.searchable = searchable;
    }

    int leaves() {
        return leafStart.length - 1;
    }

    /** A tree of NN-descent's forest over the {@code n x d} rows of {@code data}, drawing from {@code random}. */
    static RpTree forest(float[] data, int n, int d, int leafSize, SplittableRandom random, Kernels kernels) {
        return build(data, n, d, leafSize, random, kernels, false);
    }

    /** A tree that can send a query to its {@link #leaf}, drawn from {@code seed}. */
    static RpTree searchable(float[] data, int n, int d, int leafSize, long seed, Kernels kernels) {
        return build(data, n, d, leafSize, new SplittableRandom(seed), kernels, true);
    }

    /** The leaf a query row reaches ({@link #searchable} trees only). */
    int leaf(float[] q, int qo, Kernels kernels) {
        if (!searchable) {
            throw new IllegalStateException("a forest tree keeps no hyperplanes to search by");
        }
        if (children.length == 0) {
            return 0;
        }
        int node = 0;
        while (true) {
            double margin = offsets[node] + kernels.dot(planes, node * d, q, qo, d);
            int next = children[2 * node + (margin >= 0 ? 0 : 1)];
            if (next < 0) {
                return -next - 1;
            }
            node = next;
        }
    }

    /** Depth first, left before right, so leaves are numbered left to right; {@code leafSize >= 1}. */
    private static RpTree build(float[] data, int n, int d, int leafSize, SplittableRandom random, Kernels kernels,
            boolean searchable) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int capacity = Math.max(4, 4 * n / Math.max(1, leafSize) + 4);
        float[] planes = new float[0];
        float[] offsets = new float[searchable ? capacity : 0];
        int[] children = new int[searchable ? 2 * capacity : 0];
        int[] leafStart = new int[Math.max(2, 2 * n / Math.max(1, leafSize) + 2)];
        int nodes = 0;
        int leaves = 0;
        // stack of (start, end, slot in children of the parent's reference, -1 for the root)
        int[] stack = new int[3 * 64];
        int top = 0;
        stack[top++] = 0;
        stack[top++] = n;
        stack[top++] = -1;
        float[] normal = new float[d];
        boolean[] left = new boolean[n];
        int[] tmp = new int[n];
        while (top > 0) {
            int parentSlot = stack[--top];
            int end = stack[--top];
            int start = stack[--top];
            int ref;
            if (end - start <= leafSize) {
                if (leaves + 1 >= leafStart.length) {
                    leafStart = Arrays.copyOf(leafStart, leafStart.length * 2);
                }
                leafStart[leaves] = start;
                ref = -(leaves + 1);
                leaves++;
            } else {
                double offset = plane(data, d, order, start, end - start, random, normal);
                int mid = partition(data, d, order, start, end, random, kernels, normal, offset, left, tmp,
                        !searchable);
                ref = nodes;
                if (searchable) {
                    if (nodes == offsets.length) {
                        offsets = Arrays.copyOf(offsets, nodes * 2);
                        children = Arrays.copyOf(children, nodes * 4);
                    }
                    if ((long) (nodes + 1) * d > planes.length) {
                        planes = Arrays.copyOf(planes, (int) Math.min(Integer.MAX_VALUE - 8,
                                Math.max((long) (nodes + 1) * d, 2L * planes.length)));
                    }
                    System.arraycopy(normal, 0, planes, nodes * d, d);
                    offsets[nodes] = (float) offset;
                }
                nodes++;
                if (top + 6 > stack.length) {
                    stack = Arrays.copyOf(stack, stack.length * 2);
                }
                stack[top++] = mid;
                stack[top++] = end;
                stack[top++] = 2 * ref + 1;
                stack[top++] = start;
                stack[top++] = mid;
                stack[top++] = 2 * ref;
            }
            if (searchable && parentSlot >= 0) {
                children[parentSlot] = ref;
            }
        }
        int[] starts = Arrays.copyOf(leafStart, leaves + 1);
        starts[leaves] = n;
        if (!searchable || nodes == 0) {
            return new RpTree(order, starts, d, new float[0], new float[0], new int[0], searchable);
        }
        return new RpTree(order, starts, d, Arrays.copyOf(planes, nodes * d), Arrays.copyOf(offsets, nodes),
                Arrays.copyOf(children, 2 * nodes), true);
    }

    /** The normal {@code a - b} of two random rows of the node and the offset putting the plane halfway. */
    private static double plane(float[] data, int d, int[] order, int start, int size, SplittableRandom random,
            float[] normal) {
        int ia = random.nextInt(size);
        int ib = random.nextInt(size - 1);
        ib += ib >= ia ? 1 : 0;
        int a = order[start + ia];
        int b = order[start + ib];
        double offset = 0;
        for (int c = 0; c < d; c++) {
            float x = data[a * d + c];
            float y = data[b * d + c];
            normal[c] = x - y;
            offset -= (double) normal[c] * ((x + y) * 0.5);
        }
        return offset;
    }

    /**
     * Partitions {@code order[start..end)}, positive margins left, and returns the first index of the right side.
     * A side left empty is filled by coin flips first when {@code flipsFirst}, then by halving in order.
     */
    private static int partition(float[] data, int d, int[] order, int start, int end, SplittableRandom random,
            Kernels kernels, float[] normal, double offset, boolean[] left, int[] tmp, boolean flipsFirst) {
        int size = end - start;
        int nLeft = 0;
        for (int p = start; p < end; p++) {
            double margin = offset + kernels.dot(normal, 0, data, order[p] * d, d);
            boolean l = margin > 0 || (margin == 0 && random.nextBoolean());
            left[p - start] = l;
            nLeft += l ? 1 : 0;
        }
        if ((nLeft == 0 || nLeft == size) && flipsFirst) {
            nLeft = 0;
            for (int p = 0; p < size; p++) {
                left[p] = random.nextBoolean();
                nLeft += left[p] ? 1 : 0;
            }
        }
        if (nLeft == 0 || nLeft == size) {
            for (int p = 0; p < size; p++) {
                left[p] = p < size / 2;
            }
            nLeft = size / 2;
        }
        int l = 0;
        int r = nLeft;
        for (int p = 0; p < size; p++) {
            tmp[left[p] ? l++ : r++] = order[start + p];
        }
        System.arraycopy(tmp, 0, order, start, size);
        return start + nLeft;
    }
}
