package org.descry.cluster;

import java.util.Arrays;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSample;
import org.descry.data.Workers;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;

/**
 * The k-distance plot behind the usual choice of DBSCAN's {@code eps} (Ester et al. 1996, section 4.2): for
 * each row the distance to its {@code k}-th nearest neighbour <em>counting the row itself</em> (the convention
 * of scikit-learn's {@code min_samples} and OPTICS' {@code core_distances_}; so with {@code k = minSamples} a row
 * is a DBSCAN core sample exactly when its k-distance is {@code <= eps}), sorted ascending. For large sets the
 * distances of a seeded sample of rows to all rows are taken (exact blocked kNN), which estimates the same curve.
 *
 * <p>{@link KDistanceCurve#kneeEps()} is the point of the sorted curve farthest below the chord from its first
 * to its last point after scaling both axes to {@code [0, 1]}: the maximum of Kneedle's difference curve
 * (Satopää, Albrecht, Irwin and Raghavan, "Finding a 'kneedle' in a haystack", ICDCSW 2011) for an increasing
 * convex curve, without its smoothing or online threshold. {@link KDistanceCurve#quantile(double)} gives the
 * alternative "eps such that a fraction q of rows are core".
 *
 * @param k          the neighbour rank, the row itself being the first, {@code >= 2}
 * @param metric     Euclidean or cosine distance
 * @param sampleSize rows to take the curve on ({@code 0}: all rows)
 * @param seed       seed of the sample
 * @param threads    worker threads, {@code >= 1}
 */
public record KDistance(int k, Metric metric, int sampleSize, long seed, int threads) {

    public KDistance {
        if (k < 2) {
            throw new IllegalArgumentException("k must be >= 2 (the row itself counts as the first neighbour), got "
                    + k);
        }
        Objects.requireNonNull(metric, "metric");
        if (sampleSize < 0) {
            throw new IllegalArgumentException("sampleSize must be >= 0 (0: all rows), got " + sampleSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** k-distances for {@code minSamples = k}: all rows, Euclidean, all processors. */
    public static KDistance of(int k) {
        return new KDistance(k, Metric.EUCLIDEAN, 0, 0, Workers.defaultThreads());
    }

    public KDistance withMetric(Metric v) {
        return new KDistance(k, v, sampleSize, seed, threads);
    }

    /** The curve on {@code size} rows drawn without replacement with {@code seed}. */
    public KDistance withSample(int size, long seed) {
        return new KDistance(k, metric, size, seed, threads);
    }

    public KDistance withThreads(int v) {
        return new KDistance(k, metric, sampleSize, seed, v);
    }

    public KDistanceCurve fit(FloatMatrix x, Progress progress) {
        Objects.requireNonNull(x, "x");
        int n = x.rows();
        if (k > n) {
            throw new DescryException("k must be <= the number of rows (" + n + "), got " + k);
        }
        DataStats.requireFinite(x, "x");
        int[] rows = sample(n);
        FloatMatrix queries;
        if (rows == null) {
            queries = x;
        } else {
            queries = FloatMatrix.zeros(rows.length, x.cols());
            float[] row = new float[x.cols()];
            for (int i = 0; i < rows.length; i++) {
                x.copyRow(rows[i], row, 0);
                queries.setRow(i, row, 0);
            }
        }
        KnnGraph g = new ExactKnn(k, metric, threads).query(x, queries, progress);
        float[] distances = new float[queries.rows()];
        for (int i = 0; i < distances.length; i++) {
            distances[i] = g.distance(i, k - 1);
        }
        if (rows == null) {
            rows = new int[n];
            Arrays.setAll(rows, i -> i);
        }
        return new KDistanceCurve(k, rows, distances);
    }

    /** Sorted distinct row indices of the sample, or null for all rows. */
    private int[] sample(int n) {
        if (sampleSize == 0 || sampleSize >= n) {
            return null;
        }
        return RowSample.sorted(n, sampleSize, seed);
    }
}
