package org.descry.plot;

import java.util.Locale;

/**
 * Axis ticks at round values (1, 2 or 5 times a power of ten), about as many as asked for, and their labels with
 * just enough decimals to tell neighbours apart.
 *
 * @param first the first tick, at or below the data's low end
 * @param last  the last tick, at or above the data's high end
 * @param step  the distance between ticks
 */
record NiceScale(double first, double last, double step) {

    /** Round ticks covering {@code [lo, hi]}, about {@code target} of them; an empty range is widened. */
    static NiceScale of(double lo, double hi, int target) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            lo = 0;
            hi = 1;
        }
        if (hi < lo) {
            double t = lo;
            lo = hi;
            hi = t;
        }
        if (hi - lo <= Math.abs(hi) * 1e-12) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / Math.max(1, target));
        return new NiceScale(Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step, step);
    }

    /** As {@link #of} with steps of at least 1: for counts such as k. */
    static NiceScale integers(double lo, double hi, int target) {
        NiceScale s = of(lo, hi, target);
        return s.step >= 1 ? s : new NiceScale(Math.floor(lo), Math.ceil(hi), 1);
    }

    static double niceStep(double rough) {
        double mag = Math.pow(10, Math.floor(Math.log10(rough)));
        double norm = rough / mag;
        return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
    }

    /** The tick values from {@link #first} to {@link #last}. */
    double[] ticks() {
        int n = (int) Math.round((last - first) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = first + i * step;
            if (Math.abs(t[i]) < step * 1e-9) {
                t[i] = 0;
            }
        }
        return t;
    }

    /** The label of tick {@code v}. */
    String label(double v) {
        return format(v, step);
    }

    /** {@code v} with the decimals that a step of {@code step} needs; very large or small values in %g. */
    static String format(double v, double step) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e7 || a < 1e-4)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%,." + Math.min(decimals, 6) + "f", v);
    }
}
