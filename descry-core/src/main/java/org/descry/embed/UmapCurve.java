package org.descry.embed;

/**
 * The output-space similarity curve {@code 1 / (1 + a d^(2b))} of UMAP (McInnes, Healy, Melville 2018,
 * section 3.2 / appendix C), with {@code a} and {@code b} fitted as umap-learn's {@code find_ab_params}: a
 * least-squares fit on 300 points of {@code [0, 3 spread]} to the target that is 1 below {@code min_dist} and
 * {@code exp(-(d - min_dist) / spread)} above. umap-learn calls {@code scipy.optimize.curve_fit} (MINPACK
 * Levenberg-Marquardt from {@code a = b = 1}); this is the same Levenberg-Marquardt iteration in double, run to a
 * tighter tolerance, so the two agree to about 1e-6. For {@code min_dist = 0.1, spread = 1}: a = 1.577, b = 0.895.
 */
public record UmapCurve(double a, double b) {

    private static final int POINTS = 300;

    public UmapCurve {
        if (!(a > 0) || !(b > 0) || Double.isInfinite(a) || Double.isInfinite(b)) {
            throw new IllegalArgumentException("curve parameters must be positive and finite, got a=" + a + ", b=" + b);
        }
    }

    /** Fits {@code a} and {@code b} for {@code minDist} and {@code spread} as umap-learn's {@code find_ab_params}. */
    public static UmapCurve fit(double minDist, double spread) {
        double[] x = new double[POINTS];
        double[] y = new double[POINTS];
        double stepX = spread * 3 / (POINTS - 1);
        for (int i = 0; i < POINTS; i++) {
            x[i] = i * stepX;
            y[i] = x[i] < minDist ? 1.0 : Math.exp(-(x[i] - minDist) / spread);
        }
        double a = 1;
        double b = 1;
        double lambda = 1e-3;
        double cost = cost(x, y, a, b);
        for (int iter = 0; iter < 1000; iter++) {
            double jaa = 0;
            double jab = 0;
            double jbb = 0;
            double ga = 0;
            double gb = 0;
            for (int i = 0; i < POINTS; i++) {
                if (x[i] == 0) {
                    continue;
                }
                double p = Math.pow(x[i], 2 * b);
                double den = 1 + a * p;
                double f = 1 / den;
                double r = f - y[i];
                double da = -p / (den * den);
                double db = -a * p * 2 * Math.log(x[i]) / (den * den);
                jaa += da * da;
                jab += da * db;
                jbb += db * db;
                ga += da * r;
                gb += db * r;
            }
            boolean improved = false;
            for (int tries = 0; tries < 60 && !improved; tries++) {
                double maa = jaa * (1 + lambda);
                double mbb = jbb * (1 + lambda);
                double det = maa * mbb - jab * jab;
                double stepA = -(mbb * ga - jab * gb) / det;
                double stepB = -(maa * gb - jab * ga) / det;
                double na = a + stepA;
                double nb = b + stepB;
                double c = na > 0 && nb > 0 ? cost(x, y, na, nb) : Double.POSITIVE_INFINITY;
                if (c <= cost) {
                    boolean small = Math.abs(stepA) <= 1e-13 * (Math.abs(a) + 1e-13)
                            && Math.abs(stepB) <= 1e-13 * (Math.abs(b) + 1e-13);
                    a = na;
                    b = nb;
                    double old = cost;
                    cost = c;
                    lambda = Math.max(lambda / 10, 1e-15);
                    improved = true;
                    if (small || old - c <= 1e-16 * old) {
                        return new UmapCurve(a, b);
                    }
                } else {
                    lambda *= 10;
                }
            }
            if (!improved) {
                break;
            }
        }
        return new UmapCurve(a, b);
    }

    private static double cost(double[] x, double[] y, double a, double b) {
        double s = 0;
        for (int i = 0; i < POINTS; i++) {
            double f = 1 / (1 + a * Math.pow(x[i], 2 * b));
            double r = f - y[i];
            s += r * r;
        }
        return s;
    }
}
