package org.descry.knn;

import java.util.Locale;
import org.descry.data.DescryException;

/**
 * The distances a neighbour graph can use, with scikit-learn's names and values.
 *
 * <p>{@link #EUCLIDEAN} is the true distance {@code ||a - b||} (not its square), as {@code kneighbors} returns.
 * {@link #COSINE} is {@code 1 - a·b / (||a|| ||b||)}, scikit-learn's {@code cosine_distances}; as there (where
 * {@code normalize} leaves a zero row zero), a row of zeros has similarity 0 with every row, so it is at
 * distance exactly 1 from every other row, zero rows included. Like {@code cosine_distances}, the value is
 * clipped to {@code [0, 2]}.
 */
public enum Metric {
    EUCLIDEAN, COSINE;

    /** {@code "euclidean"} or {@code "cosine"}, any case. */
    public static Metric parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "euclidean" -> EUCLIDEAN;
            case "cosine" -> COSINE;
            default -> throw new DescryException("metric must be euclidean or cosine, got '" + name + "'");
        };
    }

    /**
     * The distance of {@code a[ao..ao+d)} and {@code b[bo..bo+d)} summed in double from the float values: the
     * final value every graph stores, so near-duplicates rank by their true distance rather than by the
     * rounding of {@code ||a||² + ||b||² - 2 a·b}.
     */
    public double exact(float[] a, int ao, float[] b, int bo, int d) {
        if (this == EUCLIDEAN) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                double t = (double) a[ao + i] - b[bo + i];
                s += t * t;
            }
            return Math.sqrt(s);
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < d; i++) {
            double x = a[ao + i];
            double y = b[bo + i];
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        if (aa == 0 || bb == 0) {
            return 1.0;
        }
        return Math.min(2.0, Math.max(0.0, 1.0 - ab / (Math.sqrt(aa) * Math.sqrt(bb))));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
