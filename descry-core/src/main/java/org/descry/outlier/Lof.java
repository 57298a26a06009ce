package org.descry.outlier;

import java.util.Map;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.model.Provenance;

/**
 * Local outlier factor (Breunig, Kriegel, Ng, Sander 2000, "LOF: identifying density-based local outliers"): the
 * mean ratio of a row's neighbours' local reachability density to its own, on Euclidean distance.
 *
 * <p>Follows scikit-learn 1.2.1's {@code LocalOutlierFactor}: {@code min(nNeighbors, n - 1)} neighbours, the
 * row itself left out; reachability distance {@code max(d(p, o), k-distance(o))}; local reachability density
 * {@code 1 / (mean reachability distance + 1e-10)}, so duplicates get a large finite density instead of a
 * division by zero. The score is {@code -negative_outlier_factor_} (about 1 for inliers, larger for outliers);
 * new rows are scored as with {@code novelty=True} ({@code -score_samples}): their {@code k} nearest training
 * rows, nothing left out. Among rows at exactly equal distance the neighbour of lower index is kept; scikit-learn
 * may keep another, which changes the factor only when the tied rows differ in k-distance or density.
 *
 * @param nNeighbors    neighbours, {@code >= 1} (scikit-learn's default 20)
 * @param contamination expected outlier fraction, in {@code (0, 0.5]} (default 0.1; scikit-learn's
 *                      {@code "auto"} fixed offset is not offered)
 * @param threads       worker threads for the neighbour search, {@code >= 1}
 */
public record Lof(int nNeighbors, double contamination, int threads) implements OutlierDetector {

    public Lof {
        if (nNeighbors < 1) {
            throw new IllegalArgumentException("nNeighbors must be >= 1, got " + nNeighbors);
        }
        Contamination.check(contamination);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** 20 neighbours, contamination 0.1, all processors. */
    public static Lof of() {
        return new Lof(20, 0.1, Workers.defaultThreads());
    }

    public Lof withNNeighbors(int v) {
        return new Lof(v, contamination, threads);
    }

    public Lof withContamination(double v) {
        return new Lof(nNeighbors, v, threads);
    }

    public Lof withThreads(int v) {
        return new Lof(nNeighbors, contamination, v);
    }

    @Override
    public String name() {
        return "lof";
    }

    @Override
    public LofModel fit(FloatMatrix x, Progress progress) {
        Contamination.requireRows(x, 2, "LOF");
        int k = Math.min(nNeighbors, x.rows() - 1);
        KnnGraph g = new ExactKnn(k, org.descry.knn.Metric.EUCLIDEAN, threads).fit(x, progress);
        return fit(x, g);
    }

    /**
     * LOF on a given Euclidean self graph of {@code x} (exact, or NN-descent at full size) with at least
     * {@code min(nNeighbors, n - 1)} neighbours per row; only the first that many are used.
     */
    public LofModel fit(FloatMatrix x, KnnGraph graph) {
        Contamination.requireRows(x, 2, "LOF");
        int n = x.rows();
        int k = Math.min(nNeighbors, n - 1);
        if (graph.rows() != n || !graph.selfExcluded() || graph.metric() != org.descry.knn.Metric.EUCLIDEAN) {
            throw new DescryException("LOF needs a Euclidean self graph of the " + n + " rows, got " + graph);
        }
        if (graph.k() < k) {
            throw new DescryException("LOF with nNeighbors=" + k + " needs a graph of at least " + k
                    + " neighbours, got k=" + graph.k());
        }
        int gk = graph.k();
        int[] gi = graph.indices();
        float[] gd = graph.distances();
        int[] idx = new int[n * k];
        float[] dist = new float[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(gi, i * gk, idx, i * k, k);
            System.arraycopy(gd, i * gk, dist, i * k, k);
        }
        double[] kDistance = new double[n];
        for (int i = 0; i < n; i++) {
            kDistance[i] = dist[i * k + k - 1];
        }
        double[] lrd = density(idx, dist, n, k, kDistance);
        double[] scores = factors(idx, n, k, lrd, lrd);
        Provenance p = Provenance.of("lof", Map.of("n_neighbors", nNeighbors, "contamination", contamination,
                "graph", graph.exact() ? "exact" : "approximate"), 0, n + " x " + x.cols());
        return new LofModel(x, k, kDistance, lrd, scores, contamination, Contamination.threshold(scores,
                contamination), threads, p);
    }

    /** Local reachability density of each query row from its {@code k} neighbours in a reference. */
    static double[] density(int[] idx, float[] dist, int rows, int k, double[] kDistance) {
        double[] lrd = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += Math.max(dist[i * k + j], kDistance[idx[i * k + j]]);
            }
            lrd[i] = 1.0 / (s / k + 1e-10);
        }
        return lrd;
    }

    /** Mean ratio of the neighbours' density ({@code lrd}) to each query row's ({@code own}). */
    static double[] factors(int[] idx, int rows, int k, double[] lrd, double[] own) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += lrd[idx[i * k + j]] / own[i];
            }
            out[i] = s / k;
        }
        return out;
    }
}
