package org.descry.outlier;

import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;
import org.descry.model.Provenance;

/**
 * A fitted {@link Lof}: the training rows (kept by reference, not copied: they must not change), their
 * k-distances and local reachability densities, and the factors of the training rows.
 */
public final class LofModel implements OutlierModel {

    private final FloatMatrix reference;
    private final int k;
    private final double[] kDistance;
    private final double[] lrd;
    private final double[] scores;
    private final double contamination;
    private final double threshold;
    private final int threads;
    private final Provenance provenance;

    LofModel(FloatMatrix reference, int k, double[] kDistance, double[] lrd, double[] scores, double contamination,
            double threshold, int threads, Provenance provenance) {
        this.reference = reference;
        this.k = k;
        this.kDistance = kDistance;
        this.lrd = lrd;
        this.scores = scores;
        this.contamination = contamination;
        this.threshold = threshold;
        this.threads = threads;
        this.provenance = provenance;
    }

    /** The neighbours used, {@code min(nNeighbors, n - 1)}. */
    public int k() {
        return k;
    }

    /** Each training row's local reachability density (a copy). */
    public double[] localReachabilityDensity() {
        return lrd.clone();
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    /** scikit-learn's {@code -score_samples} with {@code novelty=True}. */
    @Override
    public double[] score(FloatMatrix rows) {
        Contamination.requireWidth(rows, reference.cols());
        KnnGraph g = new ExactKnn(k, Metric.EUCLIDEAN, threads).query(reference, rows, Progress.NONE);
        int[] idx = g.indices();
        double[] own = Lof.density(idx, g.distances(), rows.rows(), k, kDistance);
        return Lof.factors(idx, rows.rows(), k, lrd, own);
    }

    @Override
    public double contamination() {
        return contamination;
    }

    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }
}
