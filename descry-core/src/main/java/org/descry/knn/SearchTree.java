package org.descry.knn;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.descry.linalg.Kernels;

/**
 * A random-projection tree kept for queries: PyNNDescent's search tree ({@code make_euclidean_tree} with its
 * hyperplanes stored, searched by {@code search_flat_tree}). A node's rows are split by the hyperplane halfway
 * between two of its rows drawn at random until at most {@code leafSize} remain (rows on the plane go to a random
 * side; a plane leaving one side empty is replaced by a random halving, as {@link RpTree} does). A query descends
 * by the sign of its margin (0 goes left) to one leaf, whose rows are the entry points of a {@link SearchIndex}
 * query: rows near the query, in the right cluster even when the neighbour graph does not connect the clusters.
 */
final class SearchTree {

    private final int d;
    /** Per internal node: its normal ({@code d} floats). */
    private final float[] planes;
    private final float[] offsets;
    /** Per internal node: left and right child; a leaf {@code l} is {@code -(l + 1)}. */
    private final int[] children;
    final int[] order;
    final int[] leafStart;

    private SearchTree(int d, float[] planes, float[] offsets, int[] children, int[] order, int[] leafStart) {
        this.d = d;
        this.planes = planes;
        this.offsets = offsets;
        this.children = children;
        this.order = order;
        this.leafStart = leafStart;
    }

    int leaves() {
        return leafStart.length - 1;
    }

    static SearchTree build(float[] data, int n, int d, int leafSize, long seed, Kernels kernels) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int capacity = Math.max(4, 4 * n / Math.max(1, leafSize) + 4);
        float[] planes = new float[0];
        float[] offsets = new float[capacity];
        int[] children = new int[2 * capacity];
        int[] leafStart = new int[capacity + 1];
        int nodes = 0;
        int leaves = 0;
        // stack of (start, end, parent slot in children, -1 for the root)
        int[] stack = new int[3 * 64];
        int top = 0;
        stack[top++] = 0;
        stack[top++] = n;
        stack[top++] = -1;
        float[] normal = new float[d];
        boolean[] left = new boolean[n];
        int[] tmp = new int[n];
        int[] leafOfNode = new int[0];
        int rootRef = 0;
        while (top > 0) {
            int parentSlot = stack[--top];
            int end = stack[--top];
            int start = stack[--top];
            int ref;
            if (end - start <= leafSize || n < 2) {
                if (leaves + 1 >= leafStart.length) {
                    leafStart = Arrays.copyOf(leafStart, leafStart.length * 2);
                }
                leafStart[leaves] = start;
                ref = -(leaves + 1);
                leaves++;
            } else {
                if (nodes == offsets.length) {
                    offsets = Arrays.copyOf(offsets, nodes * 2);
                    children = Arrays.copyOf(children, nodes * 4);
                }
                if ((long) (nodes + 1) * d > planes.length) {
                    planes = Arrays.copyOf(planes, (int) Math.min(Integer.MAX_VALUE - 8,
                            Math.max((long) (nodes + 1) * d, 2L * planes.length)));
                }
                double offset = plane(data, d, order, start, random, end - start, normal);
                int mid = partition(data, d, order, start, end, random, kernels, normal, offset, left, tmp);
                System.arraycopy(normal, 0, planes, nodes * d, d);
                offsets[nodes] = (float) offset;
                ref = nodes;
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
            if (parentSlot < 0) {
                rootRef = ref;
            } else {
                children[parentSlot] = ref;
            }
        }
        // leaves were numbered in visiting order, which is left to right: starts already ascend
        int[] starts = Arrays.copyOf(leafStart, leaves + 1);
        starts[leaves] = n;
        if (rootRef < 0) {
            // one leaf: no internal node
            return new SearchTree(d, new float[0], new float[0], new int[0], order, starts);
        }
        return new SearchTree(d, Arrays.copyOf(planes, nodes * d), Arrays.copyOf(offsets, nodes),
                Arrays.copyOf(children, 2 * nodes), order, starts);
    }

    /** The leaf a query row reaches. */
    int leaf(float[] q, int qo, Kernels kernels) {
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

    /** The normal {@code a - b} of two random rows of the node and the offset putting the plane halfway. */
    private static double plane(float[] data, int d, int[] order, int start, SplittableRandom random, int size,
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

    private static int partition(float[] data, int d, int[] order, int start, int end, SplittableRandom random,
            Kernels kernels, float[] normal, double offset, boolean[] left, int[] tmp) {
        int size = end - start;
        int nLeft = 0;
        for (int p = start; p < end; p++) {
            double margin = offset + kernels.dot(normal, 0, data, order[p] * d, d);
            boolean l = margin > 0 || (margin == 0 && random.nextBoolean());
            left[p - start] = l;
            nLeft += l ? 1 : 0;
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
            tmp[l < nLeft && left[p] ? l++ : r++] = order[start + p];
        }
        System.arraycopy(tmp, 0, order, start, size);
        return start + nLeft;
    }
}
