package org.descry.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;
import org.descry.model.ClusterModel;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * Fitted {@link Leiden} communities: the label of every fit row, the communities' centroids, the resolution they
 * were found at and their modularity.
 *
 * <p>{@link #predict} assigns a new row to the community with the nearest centroid (ties to the lower label).
 * Neither scanpy nor leidenalg places new points: a community is a set of graph nodes. The centroid keeps the
 * saved model small; a community bent along the manifold can have a centroid closer to a neighbouring community's
 * rows, where the cluster of the nearest fit rows (the labelling's name vote) follows the graph better.
 */
public final class LeidenModel implements ClusterModel {

    public static final String KIND = "leiden";

    private final int[] labels;
    private final FloatMatrix centroids;
    private final double resolution;
    private final double modularity;
    private final Provenance provenance;

    private LeidenModel(int[] labels, FloatMatrix centroids, double resolution, double modularity,
            Provenance provenance) {
        this.labels = labels;
        this.centroids = centroids;
        this.resolution = resolution;
        this.modularity = modularity;
        this.provenance = provenance;
    }

    static LeidenModel of(FloatMatrix x, int[] labels, int k, double resolution, double modularity,
            Provenance provenance) {
        return new LeidenModel(labels, ClusterMeans.centroids(x, labels, k), resolution, modularity, provenance);
    }

    @Override
    public int k() {
        return centroids.rows();
    }

    @Override
    public int inputWidth() {
        return centroids.cols();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** The modularity resolution the communities were found at. */
    public double resolution() {
        return resolution;
    }

    /** Their modularity at that resolution, as igraph's {@code Graph.modularity} computes it. */
    public double modularity() {
        return modularity;
    }

    /** The {@code k x d} community means of the fit rows (a copy). */
    public FloatMatrix centroids() {
        return centroids.copy();
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public int[] predict(FloatMatrix x) {
        return NearestCentre.predict(x, centroids);
    }

    /** Writes {@code model.json}, {@code labels.npy} (int32) and {@code centroids.npy} (float32, {@code k x d}). */
    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        NumpyWriter.writeNpy(dir.resolve("labels.npy"), labels, 1, labels.length);
        ModelStore.writeArray(dir, "centroids", centroids);
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("k", k());
        m.put("input_width", inputWidth());
        m.put("n_rows", labels.length);
        m.put("resolution", resolution);
        m.put("modularity", modularity);
        ModelStore.writeManifest(dir, m);
    }

    /** Reads a model folder written by {@link #save}. */
    public static LeidenModel load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        int k = m.path("k").asInt();
        int n = m.path("n_rows").asInt();
        FloatMatrix centroids = ModelStore.readArray(dir, "centroids");
        if (centroids.rows() != k || centroids.cols() != m.path("input_width").asInt()) {
            throw new DescryException(dir + ": centroids.npy is " + centroids.rows() + " x " + centroids.cols()
                    + ", the manifest says " + k + " x " + m.path("input_width").asInt());
        }
        Path f = dir.resolve("labels.npy");
        if (!Files.isRegularFile(f)) {
            throw new DescryException(dir + ": model file labels.npy is missing");
        }
        NumpyArray a = NumpyReader.read(f);
        if (a.size() != n) {
            throw new DescryException(f + ": holds " + a.size() + " labels, the manifest says " + n);
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            long v = (long) a.get(0, i);
            if (v < 0 || v >= k) {
                throw new DescryException(f + ": label " + v + " at " + i + " is outside [0, " + k + ")");
            }
            labels[i] = (int) v;
        }
        return new LeidenModel(labels, centroids, m.path("resolution").asDouble(), m.path("modularity").asDouble(),
                ModelStore.provenance(m));
    }
}
