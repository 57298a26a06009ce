package org.descry.outlier;

import java.util.Map;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;
import org.descry.model.Provenance;

/**
 * Distance-based outliers (Ramaswamy, Rastogi, Shim 2000, "Efficient algorithms for mining outliers from large
 * data sets"): the Euclidean distance to the {@code k}-th nearest other row, or the mean distance to the
 * {@code k} nearest (Angiulli and Pizzuti's weight, as PyOD's {@code KNN(method="mean")}). The row itself is
 * left out; new rows are scored against all training rows, exactly up to {@code exactLimit} training rows and by
 * NN-descent plus {@link org.descry.knn.GraphSearch} above ({@link Neighbours}).
 *
 * @param k             neighbours, {@code >= 1} (default 20, as {@link Lof})
 * @param mean          mean of the {@code k} distances instead of the {@code k}-th
 * @param contamination expected outlier fraction, in {@code (0, 0.5]}
 * @param threads       worker threads, {@code >= 1}
 * @param exactLimit    training rows up to which neighbours are exact, {@code >= 0} (default
 *                      {@link Neighbours#EXACT_LIMIT})
 */
public record KnnDistance(int k, boolean mean, double contamination, int threads, int exactLimit)
        implements GraphDetector {

    public KnnDistance {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        Contamination.check(contamination);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        GraphDetector.checkExactLimit(exactLimit);
    }

    /** With the default exact limit. */
    public KnnDistance(int k, boolean mean, double contamination, int threads) {
        this(k, mean, contamination, threads, Neighbours.EXACT_LIMIT);
    }

    /** The 20th-neighbour distance, contamination 0.1, all processors. */
    public static KnnDistance of() {
        return new KnnDistance(20, false, 0.1, Workers.defaultThreads());
    }

    public KnnDistance withK(int v) {
        return new KnnDistance(v, mean, contamination, threads, exactLimit);
    }

    public KnnDistance withMean(boolean v) {
        return new KnnDistance(k, v, contamination, threads, exactLimit);
    }

    public KnnDistance withContamination(double v) {
        return new KnnDistance(k, mean, v, threads, exactLimit);
    }

    public KnnDistance withThreads(int v) {
        return new KnnDistance(k, mean, contamination, v, exactLimit);
    }

    @Override
    public KnnDistance withExactLimit(int v) {
        return new KnnDistance(k, mean, contamination, threads, v);
    }

    @Override
    public int neighbours(int n) {
        return k;
    }

    @Override
    public String name() {
        return mean ? "knn-mean" : "knn";
    }

    @Override
    public KnnDistanceModel fit(FloatMatrix x, Progress progress) {
        Contamination.requireRows(x, k + 1, "kNN distance with k=" + k);
        Neighbours.Fitted f = Neighbours.fit(x, k, exactLimit, 0, threads, progress);
        return fit(x, f.graph(), f.neighbours());
    }

    /**
     * The scores from a given Euclidean self graph of {@code x} with at least {@code k} neighbours; new rows are
     * searched exactly.
     */
    public KnnDistanceModel fit(FloatMatrix x, KnnGraph graph) {
        return fit(x, graph, Neighbours.exact(x, threads));
    }

    @Override
    public KnnDistanceModel fit(FloatMatrix x, KnnGraph graph, Neighbours neighbours) {
        if (graph.rows() != x.rows() || !graph.selfExcluded() || graph.metric() != Metric.EUCLIDEAN
                || graph.k() < k) {
            throw new DescryException("kNN distance with k=" + k + " needs a Euclidean self graph of the "
                    + x.rows() + " rows with at least " + k + " neighbours, got " + graph);
        }
        double[] scores = aggregate(graph.distances(), graph.rows(), graph.k(), k, mean);
        Provenance p = Provenance.of(name(), Map.of("k", k, "mean", mean, "contamination", contamination,
                "graph", graph.exact() ? "exact" : "approximate"), 0, x.rows() + " x " + x.cols());
        return new KnnDistanceModel(this, neighbours, scores, Contamination.threshold(scores, contamination), p);
    }

    static double[] aggregate(float[] dist, int rows, int stride, int k, boolean mean) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            if (mean) {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += dist[i * stride + j];
                }
                out[i] = s / k;
            } else {
                out[i] = dist[i * stride + k - 1];
            }
        }
        return out;
    }
}
