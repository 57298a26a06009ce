package org.descry.outlier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.knn.KnnGraph;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A fitted {@link KnnDistance}: the training rows (kept by reference, not copied), how new rows' neighbours are
 * found ({@link Neighbours}) and the training scores. Saved with the training rows ({@code reference.npy}), the
 * configuration in the manifest and, when new rows are searched approximately, the search graph.
 */
public final class KnnDistanceModel implements GraphModel {

    static final String KIND = "outlier-knn";

    private final KnnDistance config;
    private final Neighbours neighbours;
    private final FloatMatrix reference;
    private final double[] scores;
    private final double threshold;
    private final Provenance provenance;

    KnnDistanceModel(KnnDistance config, Neighbours neighbours, double[] scores, double threshold,
            Provenance provenance) {
        this.config = config;
        this.neighbours = neighbours;
        this.reference = neighbours.reference();
        this.scores = scores;
        this.threshold = threshold;
        this.provenance = provenance;
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    @Override
    public Neighbours neighbours() {
        return neighbours;
    }

    @Override
    public int queryWidth() {
        return config.k();
    }

    @Override
    public double[] score(FloatMatrix rows, KnnGraph g) {
        Contamination.requireWidth(rows, reference.cols());
        if (g.rows() != rows.rows() || g.k() < config.k()) {
            throw new IllegalArgumentException("need " + config.k() + " neighbours of each of " + rows.rows()
                    + " rows, got " + g);
        }
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

    /** The configuration it was fitted with. */
    public KnnDistance config() {
        return config;
    }

    @Override
    public void save(Path dir) throws IOException {
        ObjectNode m = OutlierModels.begin(dir, KIND, this, scores);
        ModelStore.writeArray(dir, "reference", reference);
        m.put("k", config.k());
        m.put("mean", config.mean());
        m.put("threads", config.threads());
        neighbours.save(dir, m);
        ModelStore.writeManifest(dir, m);
    }

    /** Loads a folder written by {@link #save}. */
    public static KnnDistanceModel load(Path dir) throws IOException {
        OutlierModels.Common c = OutlierModels.Common.read(dir, KIND);
        FloatMatrix ref = ModelStore.readArray(dir, "reference");
        if (c.scores().length != ref.rows()) {
            throw new DescryException(dir + ": scores.npy has " + c.scores().length + " values for "
                    + ref.rows() + " reference rows");
        }
        KnnDistance config = new KnnDistance(c.integer(dir, "k"), c.manifest().path("mean").asBoolean(),
                c.contamination(), Math.max(1, c.manifest().path("threads").asInt(1)));
        return new KnnDistanceModel(config, Neighbours.load(dir, c.manifest(), ref, config.threads()), c.scores(),
                c.threshold(), c.provenance());
    }
}
