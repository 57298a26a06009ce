package org.descry.knn;

import java.util.List;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowBlocks;

/** Input checks and the cosine preparation shared by the exact and approximate searches. */
final class Inputs {

    private Inputs() {}

    /** Throws a {@link DescryException} naming {@code name} and the first row holding NaN or Inf. */
    static void requireFinite(FloatMatrix x, String name) {
        int d = x.cols();
        List<int[]> firsts = RowBlocks.run(x, () -> new int[] {Integer.MAX_VALUE}, (first, buf, from, to) -> {
            for (int i = 0; i < (to - from) * d; i++) {
                if (!Float.isFinite(buf[i])) {
                    first[0] = Math.min(first[0], from + i / d);
                    return;
                }
            }
        }, Progress.NONE);
        int row = firsts.stream().mapToInt(f -> f[0]).min().orElse(Integer.MAX_VALUE);
        if (row != Integer.MAX_VALUE) {
            throw new DescryException(name + " holds NaN or Inf (first in row " + row + ")");
        }
    }

    /**
     * The rows scaled to unit length in a heap copy (norms in double), zero rows left zero: with it the cosine
     * distance is {@code 1 - a·b}, and a zero row is at distance 1 from everything, as in scikit-learn.
     */
    static FloatMatrix unitRows(FloatMatrix x) {
        int n = x.rows();
        int d = x.cols();
        FloatMatrix out = FloatMatrix.zeros(n, d);
        float[] row = new float[d];
        for (int r = 0; r < n; r++) {
            x.copyRow(r, row, 0);
            double s = 0;
            for (int c = 0; c < d; c++) {
                s += (double) row[c] * row[c];
            }
            if (s > 0) {
                double inv = 1.0 / Math.sqrt(s);
                for (int c = 0; c < d; c++) {
                    row[c] = (float) (row[c] * inv);
                }
            }
            out.setRow(r, row, 0);
        }
        return out;
    }
}
