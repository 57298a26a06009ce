package org.descry.outlier;

import org.descry.cluster.KMeansModel;
import org.descry.data.FloatMatrix;
import org.descry.model.Provenance;

/** A fitted {@link CentroidDistance}: the k-means model, each cluster's scale and the training rows' scores. */
public final class CentroidDistanceModel implements OutlierModel {

    private final KMeansModel kmeans;
    private final FloatMatrix centres;
    private final double[] scale;
    private final double[] scores;
    private final double contamination;
    private final double threshold;
    private final Provenance provenance;

    CentroidDistanceModel(KMeansModel kmeans, FloatMatrix centres, double[] scale, double[] scores,
            double contamination, double threshold, Provenance provenance) {
        this.kmeans = kmeans;
        this.centres = centres;
        this.scale = scale;
        this.scores = scores;
        this.contamination = contamination;
        this.threshold = threshold;
        this.provenance = provenance;
    }

    public KMeansModel kmeans() {
        return kmeans;
    }

    /** What each cluster's distances are divided by: its median training distance, or 1 (a copy). */
    public double[] scale() {
        return scale.clone();
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    @Override
    public double[] score(FloatMatrix rows) {
        Contamination.requireWidth(rows, centres.cols());
        Contamination.requireFinite(rows, "rows");
        int[] labels = kmeans.predict(rows);
        double[] d = distances(rows, centres, labels);
        for (int i = 0; i < d.length; i++) {
            d[i] /= scale[labels[i]];
        }
        return d;
    }

    /** Euclidean distance, in double, of each row to the centre of its label. */
    static double[] distances(FloatMatrix x, FloatMatrix centres, int[] labels) {
        int d = x.cols();
        float[] c = centres.toArray();
        float[] row = new float[d];
        double[] out = new double[x.rows()];
        for (int i = 0; i < out.length; i++) {
            x.copyRow(i, row, 0);
            int off = labels[i] * d;
            double s = 0;
            for (int j = 0; j < d; j++) {
                double t = (double) row[j] - c[off + j];
                s += t * t;
            }
            out[i] = Math.sqrt(s);
        }
        return out;
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
