package org.descry.preprocess;

/**
 * The standard normal quantile function (inverse CDF), for {@link RobustScaler}'s {@code unit_variance}, which
 * scikit-learn takes from {@code scipy.stats.norm.ppf}.
 *
 * <p>P. J. Acklam's rational approximation ("An algorithm for computing the inverse normal cumulative distribution
 * function", 2003; relative error below 1.15e-9), then one step of Halley's method on {@code Phi(x) - p} as Acklam
 * suggests, which brings it to double precision. {@code Phi} is Marsaglia's Taylor series
 * ("Evaluating the normal distribution", J. Stat. Software 11(4), 2004) for {@code |x| < 3} and Laplace's continued
 * fraction for the Mills ratio in the tails, where the series would lose relative accuracy.
 */
final class NormalQuantile {

    private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    private static final double P_LOW = 0.02425;
    private static final double LOG_SQRT_2PI = 0.91893853320467274178;

    private NormalQuantile() {}

    /** {@code x} with {@code Phi(x) = p}; infinite at 0 and 1, NaN outside [0, 1]. */
    static double ppf(double p) {
        if (!(p >= 0 && p <= 1)) {
            return Double.NaN;
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        double x;
        if (p < P_LOW) {
            x = tail(Math.sqrt(-2 * Math.log(p)));
        } else if (p > 1 - P_LOW) {
            x = -tail(Math.sqrt(-2 * Math.log1p(-p)));
        } else {
            double q = p - 0.5;
            double r = q * q;
            x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                    / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
        }
        double e = x <= 0 ? cdf(x) - p : (1 - p) - upper(x);
        double u = e * Math.exp(0.5 * x * x + LOG_SQRT_2PI);
        return x - u / (1 + x * u / 2);
    }

    private static double tail(double q) {
        return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }

    /** {@code Phi(x)} for {@code x <= 0}, to double relative precision. */
    static double cdf(double x) {
        return x > -3 ? 0.5 + series(x) : upper(-x);
    }

    /** {@code 1 - Phi(z)} for {@code z >= 0}: the series near 0, the continued fraction from 3 on. */
    private static double upper(double z) {
        if (z < 3) {
            return 0.5 - series(z);
        }
        double f = z;
        for (int k = 300; k >= 1; k--) {
            f = z + k / f;
        }
        return Math.exp(-0.5 * z * z - LOG_SQRT_2PI) / f;
    }

    /** {@code Phi(x) - 1/2} by Marsaglia's series {@code phi(x) (x + x^3/3 + x^5/(3*5) + ...)}. */
    private static double series(double x) {
        double s = x;
        double t = x;
        double previous = Double.NaN;
        for (int i = 1; s != previous; i += 2) {
            previous = s;
            t *= x * x / (i + 2);
            s += t;
        }
        return s * Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
    }
}
