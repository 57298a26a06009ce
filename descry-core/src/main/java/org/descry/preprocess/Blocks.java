package org.descry.preprocess;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.RowBlocks;
import org.descry.data.RowSubset;
import org.descry.data.Workers;

/** Parallel row-block loops of this package: each worker owns one {@code float[]} block buffer. */
final class Blocks {

    /** Work on rows {@code [from, to)}; {@code buf} holds room for one block of rows. */
    @FunctionalInterface
    interface Task {
        void run(int from, int to, float[] buf);
    }

    /**
     * Contiguous parts a reduction is split into, independent of the thread count, so that merging the parts in
     * order gives the same bits on every machine.
     */
    static final int PARTS = 16;

    private Blocks() {}

    /** Runs {@code task} over all blocks of {@link RowBlocks#blockRows} rows, in parallel. */
    static void parallel(int rows, int cols, Task task) {
        int br = RowBlocks.blockRows(cols);
        int blocks = (rows + br - 1) / br;
        int workers = Math.max(1, Math.min(blocks, Workers.defaultThreads()));
        AtomicInteger next = new AtomicInteger();
        IntStream.range(0, workers).parallel().forEach(w -> {
            float[] buf = new float[br * cols];
            for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                int from = b * br;
                task.run(from, Math.min(rows, from + br), buf);
            }
        });
    }

    /** First row of part {@code p} of {@link #PARTS} contiguous parts of {@code rows}. */
    static int partStart(int rows, int p) {
        return (int) ((long) rows * p / PARTS);
    }

    /** Rows of a block of width {@code cols}. */
    static int blockRows(int cols) {
        return RowBlocks.blockRows(cols);
    }

    /** Throws naming the first non-finite value of rows {@code [from, to)} held in {@code buf}. */
    static void requireFinite(String name, float[] buf, int from, int to, int cols) {
        for (int i = 0, n = (to - from) * cols; i < n; i++) {
            if (!Float.isFinite(buf[i])) {
                throw new DescryException(name + " has a non-finite value (" + buf[i] + ") at row " + (from + i / cols)
                        + ", column " + (i % cols) + "; drop or fill such rows first");
            }
        }
    }

    /** Requires at least {@code min} rows. */
    static void requireRows(String what, FloatMatrix x, int min) {
        requireRows(what, RowSubset.all(x), min);
    }

    /** Requires at least {@code min} rows. */
    static void requireRows(String what, RowSubset x, int min) {
        if (x.rows() < min) {
            throw new DescryException(what + " needs at least " + min + " row" + (min == 1 ? "" : "s") + ", x has "
                    + x.rows());
        }
    }
}
