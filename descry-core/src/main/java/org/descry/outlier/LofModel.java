package org.descry.outlier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A fitted {@link Lof}: the training rows (kept by reference, not copied: they must not change), their
 * k-distances and local reachability densities, and the factors of the training rows. Saved with the training
 * rows ({@code reference.npy}, float32), {@code k_distance.npy} and {@code lrd.npy} (float64).
 */
public final class LofModel implements OutlierModel {

    static final String KIND = "outlier-lof";

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

    FloatMatrix reference() {
        return reference;
    }

    double[] kDistanceUnsafe() {
        return kDistance;
    }

    double[] lrdUnsafe() {
        return lrd;
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

    @Override
    public void save(Path dir) throws IOException {
        ObjectNode m = OutlierModels.begin(dir, KIND, this, scores);
        ModelStore.writeArray(dir, "reference", reference);
        OutlierModels.writeDoubles(dir, "k_distance", kDistance);
        OutlierModels.writeDoubles(dir, "lrd", lrd);
        m.put("k", k);
        m.put("threads", threads);
        ModelStore.writeManifest(dir, m);
    }

    /** Loads a folder written by {@link #save}. */
    public static LofModel load(Path dir) throws IOException {
        OutlierModels.Common c = OutlierModels.Common.read(dir, KIND);
        FloatMatrix ref = ModelStore.readArray(dir, "reference");
        double[] kd = OutlierModels.readDoubles(dir, "k_distance");
        double[] lrd = OutlierModels.readDoubles(dir, "lrd");
        if (kd.length != ref.rows() || lrd.length != ref.rows() || c.scores().length != ref.rows()) {
            throw new DescryException(dir + ": k_distance, lrd and scores must have one value per reference row ("
                    + ref.rows() + ")");
        }
        return new LofModel(ref, c.integer(dir, "k"), kd, lrd, c.scores(), c.contamination(), c.threshold(),
                Math.max(1, c.manifest().path("threads").asInt(1)), c.provenance());
    }
}
