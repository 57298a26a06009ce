package org.descry.outlier;

import java.util.Arrays;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.NonFiniteRows;
import org.descry.data.Progress;

/** The contamination check and threshold (public for scores combined outside a model), and shared input checks. */
public final class Contamination {

    private Contamination() {}

    public static void check(double contamination) {
        if (!(contamination > 0 && contamination <= 0.5)) {
            throw new IllegalArgumentException("contamination must be in (0, 0.5], got " + contamination);
        }
    }

    /** {@code numpy.percentile(scores, 100 * (1 - contamination))} with linear interpolation. */
    public static double threshold(double[] scores, double contamination) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("no scores");
        }
        double[] s = scores.clone();
        Arrays.sort(s);
        double pos = (1 - contamination) * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        double f = pos - lo;
        return f == 0 ? s[lo] : s[lo] + (s[hi] - s[lo]) * f;
    }

    static void requireFinite(FloatMatrix x, String name) {
        var bad = NonFiniteRows.find(x, Progress.NONE);
        if (!bad.isEmpty()) {
            throw new DescryException(name + " holds NaN or Inf (first in row " + bad.nextSetBit(0) + ")");
        }
    }

    static void requireRows(FloatMatrix x, int min, String what) {
        if (x.rows() < min) {
            throw new DescryException(what + " needs at least " + min + " rows, got " + x.rows());
        }
    }

    static void requireWidth(FloatMatrix rows, int width) {
        if (rows.cols() != width) {
            throw new DescryException("rows have " + rows.cols() + " columns, the model was fitted on " + width);
        }
    }
}
