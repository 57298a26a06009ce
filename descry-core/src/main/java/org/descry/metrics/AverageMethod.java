package org.descry.metrics;

/**
 * How {@link NormalizedMutualInfo} and {@link AdjustedMutualInfo} average the two entropies into the normaliser
 * (scikit-learn's {@code average_method}, {@code _generalized_average}).
 */
public enum AverageMethod {
    MIN, GEOMETRIC, ARITHMETIC, MAX;

    /** The average of {@code u} and {@code v}. */
    public double of(double u, double v) {
        return switch (this) {
            case MIN -> Math.min(u, v);
            case GEOMETRIC -> Math.sqrt(u * v);
            case ARITHMETIC -> (u + v) / 2;
            case MAX -> Math.max(u, v);
        };
    }
}
