package org.descry.knn;

import java.util.SplittableRandom;
import org.descry.linalg.Kernels;

/**
 * One random-projection tree (PyNNDescent's {@code make_euclidean_tree}): a node's rows are split by the
 * hyperplane halfway between two of its rows drawn at random, until at most {@code leafSize} remain; rows on
 * the hyperplane go to a random side, and a split that leaves one side empty is replaced by a random halving.
 * On unit rows (cosine) the hyperplane passes through the origin, PyNNDescent's angular tree. The leaves are
 * runs of {@link #order}: leaf {@code l} is {@code order[leafStart[l] .. leafStart[l + 1])}.
 */
final class RpTree {

    final int[] order;
    final int[] leafStart;

    private RpTree(int[] order, int[] leafStart) {
        this.order = order;
        this.leafStart = leafStart;
    }

    int leaves() {
        return leafStart.length - 1;
    }

    static RpTree build(float[] data, int n, int d, int leafSize, SplittableRandom random, Kernels kernels) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] stack = new int[128];
        int top = 0;
        stack[top++] = 0;
        stack[top++] = n;
        int[] starts = new int[Math.max(2, 2 * n / Math.max(1, leafSize) + 2)];
        int leaves = 0;
        float[] normal = new float[d];
        boolean[] left = new boolean[n];
        int[] tmp = new int[n];
        while (top > 0) {
            int end = stack[--top];
            int start = stack[--top];
            if (end - start <= leafSize) {
                if (leaves + 1 >= starts.length) {
                    starts = java.util.Arrays.copyOf(starts, starts.length * 2);
                }
                starts[leaves++] = start;
                continue;
            }
            int mid = split(data, d, order, start, end, random, kernels, normal, left, tmp);
            if (top + 4 > stack.length) {
                stack = java.util.Arrays.copyOf(stack, stack.length * 2);
            }
            stack[top++] = mid;
            stack[top++] = end;
            stack[top++] = start;
            stack[top++] = mid;
        }
        int[] leafStart = new int[leaves + 1];
        System.arraycopy(starts, 0, leafStart, 0, leaves);
        java.util.Arrays.sort(leafStart, 0, leaves);
        leafStart[leaves] = n;
        return new RpTree(order, leafStart);
    }

    /** Partitions {@code order[start..end)} and returns the first index of the right side. */
    private static int split(float[] data, int d, int[] order, int start, int end, SplittableRandom random,
            Kernels kernels, float[] normal, boolean[] left, int[] tmp) {
        int size = end - start;
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
        int nLeft = 0;
        for (int p = start; p < end; p++) {
            double margin = offset + kernels.dot(normal, 0, data, order[p] * d, d);
            boolean l = margin > 0 || (margin == 0 && random.nextBoolean());
            left[p - start] = l;
            if (l) {
                nLeft++;
            }
        }
        if (nLeft == 0 || nLeft == size) {
            nLeft = 0;
            for (int p = 0; p < size; p++) {
                left[p] = random.nextBoolean();
                if (left[p]) {
                    nLeft++;
                }
            }
            if (nLeft == 0 || nLeft == size) {
                for (int p = 0; p < size; p++) {
                    left[p] = p < size / 2;
                }
                nLeft = size / 2;
            }
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
