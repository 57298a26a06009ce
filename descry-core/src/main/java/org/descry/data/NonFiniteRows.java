package org.descry.data;

import java.util.BitSet;
import java.util.List;

/**
 * Finds the rows of a matrix that hold NaN or an infinity. Scikit-learn refuses such input
 * ({@code check_array(force_all_finite=True)}); Descry names them and can leave them out everywhere.
 */
public final class NonFiniteRows {

    private NonFiniteRows() {}

    /**
     * The rows with at least one NaN or infinite value. The pages of a mapped matrix are released block by block as
     * they are checked ({@link FloatMatrix#unload}): this first pass over a 4.26 GB set would otherwise leave all of
     * it resident until the set's first real use.
     */
    public static BitSet find(FloatMatrix m, Progress progress) {
        int cols = m.cols();
        List<BitSet> parts = RowBlocks.run(m, BitSet::new, (bad, buf, from, to) -> {
            m.rowRange(from, to).unload();
            for (int r = from; r < to; r++) {
                int base = (r - from) * cols;
                float acc = 0f;
                for (int c = 0; c < cols; c++) {
                    acc += buf[base + c] * 0f;
                }
                if (acc != 0f) { // x * 0 is 0 for every finite x and NaN for NaN and both infinities
                    bad.set(r);
                }
            }
        }, progress);
        BitSet all = new BitSet(m.rows());
        parts.forEach(all::or);
        return all;
    }
}
