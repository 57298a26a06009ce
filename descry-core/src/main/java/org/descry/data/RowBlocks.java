package org.descry.data;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Runs a pass over a matrix in blocks of rows, in parallel, each block copied once into a worker's
 * {@code float[]} so that a mapped file is read sequentially and the work loops run on plain arrays.
 */
public final class RowBlocks {

    /** Rows per block: 1 MB of floats or at least 1 row. */
    public static int blockRows(int cols) {
        return Math.max(1, (1 << 18) / Math.max(1, cols));
    }

    /** What a worker does with one block: rows {@code [from, to)} sit in {@code buf} from index 0. */
    @FunctionalInterface
    public interface Visitor<S> {
        void visit(S state, float[] buf, int from, int to);
    }

    private RowBlocks() {}

    /**
     * Visits all blocks; each worker thread gets its own state from {@code newState}, and all states are
     * returned (one per block group) for the caller to merge. Progress counts rows.
     */
    public static <S> java.util.List<S> run(FloatMatrix m, java.util.function.Supplier<S> newState,
            Visitor<S> visitor, Progress progress) {
        int rows = m.rows();
        int br = blockRows(m.cols());
        int blocks = (rows + br - 1) / br;
        int workers = Math.max(1, Math.min(blocks, Workers.defaultThreads()));
        AtomicLong done = new AtomicLong();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        return IntStream.range(0, workers).parallel().mapToObj(w -> {
            S state = newState.get();
            float[] buf = new float[br * m.cols()];
            for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                int from = b * br;
                int to = Math.min(rows, from + br);
                m.copyRows(from, to, buf, 0);
                visitor.visit(state, buf, from, to);
                progress.step(done.addAndGet(to - from), rows);
            }
            return state;
        }).toList();
    }
}
