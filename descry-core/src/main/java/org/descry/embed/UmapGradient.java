package org.descry.embed;

/**
 * The two gradient coefficients of UMAP's layout (umap-learn 0.5's {@code optimize_layout_euclidean}) as functions
 * of the squared embedded distance {@code d²}, tabulated once per fit: attractive
 * {@code -2ab d^(2(b-1)) / (1 + a d^(2b))} and repulsive {@code 2γb / ((0.001 + d²)(1 + a d^(2b)))}.
 *
 * <p>Why: the layout evaluates them about 500 million times on 8,000 rows (20 negative samples per edge sample),
 * and {@link Math#pow} was three quarters of its time. The tables hold float values at {@code 2^(STEPS_BITS)}
 * points per octave of {@code d²} over {@code [2^MIN_EXPONENT, 2^MAX_EXPONENT]}, read by the float bits of
 * {@code d²} (exponent and leading mantissa bits) and interpolated linearly; outside that range the exact formula
 * is used. Both coefficients are smooth and of one sign, so linear interpolation over a step of {@code 1/256} of
 * the octave errs by at most about {@code (1/256)² / 8} times their relative curvature {@code x² f''(x) / f(x)}
 * in {@code x = d²} (which is {@code p(p - 1)} where they fall like {@code x^p}): relative error below
 * {@link #MAX_RELATIVE_ERROR} for {@code 0 < b <= 2} (worst measured in {@code UmapGradientTest} against
 * {@link Math#pow}: 1.0e-5 for umap-learn's default curve, 2.3e-5 at {@code b = 2}), far inside the noise of the
 * stochastic gradient. Pure arithmetic on the tables, so results are the same on every machine and thread.
 */
final class UmapGradient {

    /** Bound on the relative difference from the exact coefficients, for {@code 0 < b <= 2}. */
    static final double MAX_RELATIVE_ERROR = 5e-5;
    static final int STEPS_BITS = 8;
    static final int MIN_EXPONENT = -32;
    static final int MAX_EXPONENT = 32;

    private static final int SHIFT = 23 - STEPS_BITS;
    private static final int LOW_BITS = (MIN_EXPONENT + 127) << 23;
    private static final int RANGE_BITS = (MAX_EXPONENT - MIN_EXPONENT) << 23;
    private static final int FRACTION_MASK = (1 << SHIFT) - 1;
    private static final float FRACTION = 1f / (1 << SHIFT);

    private final double a;
    private final double b;
    private final double gamma;
    private final float[] attractive;
    private final float[] repulsive;

    UmapGradient(double a, double b, double gamma) {
        this.a = a;
        this.b = b;
        this.gamma = gamma;
        int size = ((MAX_EXPONENT - MIN_EXPONENT) << STEPS_BITS) + 1;
        attractive = new float[size];
        repulsive = new float[size];
        for (int i = 0; i < size; i++) {
            double d2 = Float.intBitsToFloat(LOW_BITS + (i << SHIFT));
            attractive[i] = (float) exactAttractive(d2);
            repulsive[i] = (float) exactRepulsive(d2);
        }
    }

    /** {@code -2ab d^(2(b-1)) / (1 + a d^(2b))} for {@code d2 > 0}, with {@link Math#pow}. */
    double exactAttractive(double d2) {
        double pb = Math.pow(d2, b);
        return -2.0 * a * b * (pb / d2) / (a * pb + 1.0);
    }

    /** {@code 2γb / ((0.001 + d²)(1 + a d^(2b)))} for {@code d2 > 0}, with {@link Math#pow}. */
    double exactRepulsive(double d2) {
        return 2.0 * gamma * b / ((0.001 + d2) * (a * Math.pow(d2, b) + 1));
    }

    /** The attractive coefficient at {@code d2 > 0}. */
    float attractive(float d2) {
        int bits = Float.floatToRawIntBits(d2) - LOW_BITS;
        if (Integer.compareUnsigned(bits, RANGE_BITS) >= 0) {
            return (float) exactAttractive(d2);
        }
        return interpolated(attractive, bits);
    }

    /** The repulsive coefficient at {@code d2 > 0}. */
    float repulsive(float d2) {
        int bits = Float.floatToRawIntBits(d2) - LOW_BITS;
        if (Integer.compareUnsigned(bits, RANGE_BITS) >= 0) {
            return (float) exactRepulsive(d2);
        }
        return interpolated(repulsive, bits);
    }

    /** Linear interpolation in {@code table} at the float bits {@code bits} (already offset by {@code LOW_BITS}). */
    private static float interpolated(float[] table, int bits) {
        int i = bits >>> SHIFT;
        float lo = table[i];
        return lo + (bits & FRACTION_MASK) * FRACTION * (table[i + 1] - lo);
    }
}
