package org.descry.knn;

import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;

/**
 * How much of an approximate graph is right: recall@k, the fraction of the true {@code k} nearest neighbours it
 * lists, measured the way PyNNDescent's and ann-benchmarks' checks do (set intersection per row), with one
 * allowance: a listed neighbour at exactly the true {@code k}-th distance counts, since any of tied rows is a
 * correct {@code k}-th neighbour.
 */
public final class Recall {

    private Recall() {}

    /**
     * Recall of {@code graph} (a self graph of {@code data}) on {@code sampleSize} rows drawn without
     * replacement with {@code seed} (all rows when {@code sampleSize >= n}), against {@link ExactKnn} for
     * those rows.
     */
    public static double sampled(KnnGraph graph, FloatMatrix data, int sampleSize, long seed) {
        if (!graph.selfExcluded() || graph.rows() != data.rows()) {
            throw new IllegalArgumentException("graph must be the self graph of data (" + data.rows() + " rows), got "
                    + graph);
        }
        if (sampleSize < 1) {
            throw new IllegalArgumentException("sampleSize must be >= 1, got " + sampleSize);
        }
        int n = data.rows();
        int k = graph.k();
        int[] rows = org.descry.data.RowSample.sorted(n, Math.min(sampleSize, n), seed);
        int d = data.cols();
        FloatMatrix queries = FloatMatrix.zeros(rows.length, d);
        float[] row = new float[d];
        for (int q = 0; q < rows.length; q++) {
            data.copyRow(rows[q], row, 0);
            queries.setRow(q, row, 0);
        }
        ExactKnn.Result truth = ExactKnn.search(data, queries, rows, k, graph.metric(),
                Workers.defaultThreads(), Progress.NONE);
        long hits = 0;
        for (int q = 0; q < rows.length; q++) {
            float kth = truth.distances()[q * k + k - 1];
            for (int c = 0; c < k; c++) {
                int j = graph.neighbour(rows[q], c);
                boolean found = graph.distance(rows[q], c) == kth;
                for (int t = 0; t < k && !found; t++) {
                    found = truth.indices()[q * k + t] == j;
                }
                hits += found ? 1 : 0;
            }
        }
        return hits / ((double) rows.length * k);
    }
}
