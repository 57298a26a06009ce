package org.descry.outlier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.descry.cluster.KMeansModel;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A fitted {@link CentroidDistance}: the k-means model, each cluster's scale and the training rows' scores.
 * Saved with the k-means model in {@code kmeans/} and {@code scale.npy} (float64).
 */
public final class CentroidDistanceModel implements OutlierModel {

    static final String KIND = "outlier-centroid";

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

    @Override
    public void save(Path dir) throws IOException {
        ObjectNode m = OutlierModels.begin(dir, KIND, this, scores);
        kmeans.save(dir.resolve("kmeans"));
        OutlierModels.writeDoubles(dir, "scale", scale);
        ModelStore.writeManifest(dir, m);
    }

    /** Loads a folder written by {@link #save}. */
    public static CentroidDistanceModel load(Path dir) throws IOException {
        OutlierModels.Common c = OutlierModels.Common.read(dir, KIND);
        KMeansModel km = KMeansModel.load(dir.resolve("kmeans"));
        double[] scale = OutlierModels.readDoubles(dir, "scale");
        if (scale.length != km.k()) {
            throw new DescryException(dir + ": scale.npy has " + scale.length + " values for " + km.k()
                    + " clusters");
        }
        return new CentroidDistanceModel(km, km.centres(), scale, c.scores(), c.contamination(), c.threshold(),
                c.provenance());
    }
}
