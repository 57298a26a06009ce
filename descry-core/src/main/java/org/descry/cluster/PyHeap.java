package org.descry.cluster;

import java.util.Arrays;

/**
 * A binary min-heap of {@code (weight, a, b)} entries on parallel primitive arrays that performs exactly the
 * list operations of Python's {@code heapq} ({@code heapify}, {@code heappush}, {@code heappop}, with its
 * {@code _siftdown} and bottom-up {@code _siftup}). scikit-learn's average and complete linkage push
 * {@code WeightedEdge}s that compare by weight only, so which of two equal weights pops first depends on the
 * heap's list layout; replaying the same operations reproduces it. With {@code tupleOrder} entries compare as
 * the tuples {@code (weight, a, b)}, as in {@code ward_tree}.
 */
final class PyHeap {

    private final boolean tupleOrder;
    private double[] w;
    private int[] a;
    private int[] b;
    private int size;

    PyHeap(int capacity, boolean tupleOrder) {
        this.tupleOrder = tupleOrder;
        int c = Math.max(16, capacity);
        w = new double[c];
        a = new int[c];
        b = new int[c];
    }

    int size() {
        return size;
    }

    /** Appends without restoring the heap order; call {@link #heapify} after the last. */
    void append(double weight, int ea, int eb) {
        if (size == w.length) {
            grow();
        }
        w[size] = weight;
        a[size] = ea;
        b[size] = eb;
        size++;
    }

    void heapify() {
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftUp(i);
        }
    }

    void push(double weight, int ea, int eb) {
        append(weight, ea, eb);
        siftDown(0, size - 1, weight, ea, eb);
    }

    /** The weight, first and second node of the smallest entry, left in {@code out} before it is removed. */
    void pop(double[] weightOut, int[] nodesOut) {
        weightOut[0] = w[0];
        nodesOut[0] = a[0];
        nodesOut[1] = b[0];
        size--;
        if (size > 0) {
            w[0] = w[size];
            a[0] = a[size];
            b[0] = b[size];
            siftUp(0);
        }
    }

    private boolean less(double w1, int a1, int b1, int j) {
        if (w1 < w[j]) {
            return true;
        }
        if (!tupleOrder || w1 != w[j]) {
            return false;
        }
        return a1 < a[j] || (a1 == a[j] && b1 < b[j]);
    }

    private void siftDown(int start, int pos, double nw, int na, int nb) {
        while (pos > start) {
            int parent = (pos - 1) >>> 1;
            if (less(nw, na, nb, parent)) {
                w[pos] = w[parent];
                a[pos] = a[parent];
                b[pos] = b[parent];
                pos = parent;
                continue;
            }
            break;
        }
        w[pos] = nw;
        a[pos] = na;
        b[pos] = nb;
    }

    private void siftUp(int pos) {
        int start = pos;
        double nw = w[pos];
        int na = a[pos];
        int nb = b[pos];
        int child = 2 * pos + 1;
        while (child < size) {
            int right = child + 1;
            if (right < size && !less(w[child], a[child], b[child], right)) {
                child = right;
            }
            w[pos] = w[child];
            a[pos] = a[child];
            b[pos] = b[child];
            pos = child;
            child = 2 * pos + 1;
        }
        siftDown(start, pos, nw, na, nb);
    }

    private void grow() {
        int c = (int) Math.min(Integer.MAX_VALUE - 8, w.length * 3L / 2 + 16);
        if (c <= w.length) {
            throw new IllegalStateException("heap exceeds " + w.length + " entries");
        }
        w = Arrays.copyOf(w, c);
        a = Arrays.copyOf(a, c);
        b = Arrays.copyOf(b, c);
    }
}
