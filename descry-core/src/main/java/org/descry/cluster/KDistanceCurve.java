package org.descry.cluster;

import java.util.Arrays;

/**
 * A k-distance curve from {@link KDistance}: the rows it was taken on, their k-distances, the ascending curve,
 * and eps suggestions read from it.
 */
public final class KDistanceCurve {

    private final int k;
    private final int[] rows;
    private final float[] distances;
    private final float[] sorted;

    KDistanceCurve(int k, int[] rows, float[] distances) {
        this.k = k;
        this.rows = rows;
        this.distances = distances;
        this.sorted = distances.clone();
        Arrays.sort(sorted);
    }

    /** The neighbour rank, the row itself counting as the first. */
    public int k() {
        return k;
    }

    /** The rows the curve was taken on, ascending (all rows, or the sample). */
    public int[] rows() {
        return rows.clone();
    }

    /** The k-distance of each of {@link #rows()}, in that order. */
    public float[] distances() {
        return distances.clone();
    }

    /** The k-distances ascending: the k-distance plot. */
    public float[] sorted() {
        return sorted.clone();
    }

    /**
     * The k-distance below which a fraction {@code q} of the rows lie (linear interpolation between order
     * statistics, numpy's default): with {@code minSamples = k} and this eps, about {@code q} of the rows are core.
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in [0, 1], got " + q);
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * ((double) sorted[hi] - sorted[lo]);
    }

    /** The index in {@link #sorted()} of the knee: farthest below the chord, both axes scaled to [0, 1]. */
    public int kneeIndex() {
        int m = sorted.length;
        if (m < 3) {
            return m - 1;
        }
        double y0 = sorted[0];
        double span = (double) sorted[m - 1] - y0;
        if (span <= 0) {
            return m - 1;
        }
        int best = m - 1;
        double bestGap = 0;
        for (int i = 0; i < m; i++) {
            double gap = (double) i / (m - 1) - (sorted[i] - y0) / span;
            if (gap > bestGap) {
                bestGap = gap;
                best = i;
            }
        }
        return best;
    }

    /** The suggested eps: the k-distance at the knee ({@link #kneeIndex()}). */
    public double kneeEps() {
        return sorted[kneeIndex()];
    }
}
