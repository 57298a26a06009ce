package org.descry.cluster;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.descry.data.FloatMatrix;
import org.descry.data.Workers;

/**
 * One parallel pass over the rows of a matrix in blocks, with a fixed split of blocks over workers (worker
 * {@code w} takes a contiguous run of blocks) so that merging the workers' states in order gives the same sums
 * on every run with the same thread count. Each block is copied once into the worker's {@code float[]}.
 */
final class BlockPass {

    /** What a worker does with rows {@code [from, from + rows)}, held in {@code block} from index 0. */
    @FunctionalInterface
    interface Visitor<S> {
        void visit(S state, float[] block, int from, int rows);
    }

    private BlockPass() {}

    /** Rows per block for width {@code d}: 1 MB of floats, at least 16 rows. */
    static int blockRows(int d) {
        return Math.max(16, (1 << 18) / Math.max(1, d));
    }

    static int workers() {
        return Workers.defaultThreads();
    }

    static <S> List<S> run(FloatMatrix x, int blockRows, Supplier<S> newState, Visitor<S> visitor) {
        int n = x.rows();
        int d = x.cols();
        int blocks = (n + blockRows - 1) / blockRows;
        int workers = Math.max(1, Math.min(blocks, workers()));
        return IntStream.range(0, workers).parallel().mapToObj(w -> {
            S state = newState.get();
            float[] buf = new float[blockRows * d];
            long first = (long) blocks * w / workers;
            long last = (long) blocks * (w + 1) / workers;
            for (long b = first; b < last; b++) {
                int from = (int) (b * blockRows);
                int to = Math.min(n, from + blockRows);
                x.copyRows(from, to, buf, 0);
                visitor.visit(state, buf, from, to - from);
            }
            return state;
        }).toList();
    }
}
