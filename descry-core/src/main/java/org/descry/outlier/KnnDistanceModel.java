package org.descry.outlier;

import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;
import org.descry.model.Provenance;

/** A fitted {@link KnnDistance}: the training rows (kept by reference, not copied) and their scores. */
public final class KnnDistanceModel implements OutlierModel {

    private final KnnDistance config;
    private final FloatMatrix reference;
    private final double[] scores;
    private final double threshold;
    private final Provenance provenance;

    KnnDistanceModel(KnnDistance config, FloatMatrix reference, double[] scores, double threshold,
            Provenance provenance) {
        this.config = config;
        this.reference = reference;
        this.scores = scores;
        this.threshold = threshold;
        this.provenance = provenance;
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    @Override
    public double[] score(FloatMatrix rows) {
        Contamination.requireWidth(rows, reference.cols());
        KnnGraph g = new ExactKnn(config.k(), Metric.EUCLIDEAN, config.threads()).query(reference, rows,
                Progress.NONE);
        return KnnDistance.aggregate(g.distances(), g.rows(), g.k(), config.k(), config.mean());
    }

    @Override
    public double contamination() {
        return config.contamination();
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
