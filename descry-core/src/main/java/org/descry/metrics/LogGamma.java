package org.descry.metrics;

/**
 * {@code log(m!) = lgamma(m + 1)} for integer {@code m}, to about one ulp: exactly rounded logs of the exact
 * factorials up to {@code 18!} (below {@code 2^53}), Stirling's series with four correction terms above (the
 * first omitted term is below {@code 2e-15} at {@code m = 19}). Java has no {@code lgamma}.
 */
final class LogGamma {

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private LogGamma() {}

    static double logFactorial(long m) {
        if (m < 0) {
            throw new IllegalArgumentException("m must be >= 0, got " + m);
        }
        if (m <= 18) {
            long f = 1;
            for (long i = 2; i <= m; i++) {
                f *= i;
            }
            return Math.log(f);
        }
        double x = m + 1.0;
        double x2 = x * x;
        double series = (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - 1.0 / (1680 * x2)) / x2) / x2) / x;
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series;
    }

    /** {@code log(m!)} for {@code m = 0 .. n}. */
    static double[] logFactorials(int n) {
        double[] out = new double[n + 1];
        for (int m = 0; m <= n; m++) {
            out[m] = logFactorial(m);
        }
        return out;
    }
}
