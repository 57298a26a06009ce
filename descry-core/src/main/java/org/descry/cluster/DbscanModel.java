package org.descry.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.io.NumpyWriter;
import org.descry.knn.Metric;
import org.descry.model.ClusterModel;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A fitted {@link Dbscan}: the labels of the fit rows ({@code -1} noise), the core sample indices (scikit-learn's
 * {@code core_sample_indices_}) and the core samples themselves with their labels.
 *
 * <p>scikit-learn's DBSCAN has no {@code predict}. Here a new row takes the label of its nearest core sample if
 * that lies within {@code eps} (ties to the lower core index), else {@code -1}: the row would be a border point
 * of that cluster had it been in the fit, except that a new row is never made core and never merges clusters.
 */
public final class DbscanModel implements ClusterModel {

    static final String KIND = "dbscan";

    private final double eps;
    private final Metric metric;
    private final int clusters;
    private final int[] labels;
    private final int[] coreIndices;
    private final FloatMatrix coreRows;
    private final int[] coreLabels;
    private final Provenance provenance;

    DbscanModel(double eps, Metric metric, int clusters, int[] labels, int[] coreIndices, FloatMatrix coreRows,
            int[] coreLabels, Provenance provenance) {
        this.eps = eps;
        this.metric = metric;
        this.clusters = clusters;
        this.labels = labels;
        this.coreIndices = coreIndices;
        this.coreRows = coreRows;
        this.coreLabels = coreLabels;
        this.provenance = provenance;
    }

    @Override
    public int k() {
        return clusters;
    }

    @Override
    public int inputWidth() {
        return coreRows.cols();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** Indices of the core samples among the fit rows, ascending. */
    public int[] coreSampleIndices() {
        return coreIndices.clone();
    }

    /** The core samples, one row per {@link #coreSampleIndices()} entry (a copy). */
    public FloatMatrix components() {
        return coreRows.copy();
    }

    /** Number of fit rows labelled noise. */
    public int noiseCount() {
        int c = 0;
        for (int l : labels) {
            if (l < 0) {
                c++;
            }
        }
        return c;
    }

    public double eps() {
        return eps;
    }

    public Metric metric() {
        return metric;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public int[] predict(FloatMatrix x) {
        if (x.cols() != inputWidth()) {
            throw new DescryException("x: width " + x.cols() + " does not match the model's " + inputWidth());
        }
        DataStats.requireFinite(x, "x");
        int n = x.rows();
        int[] out = new int[n];
        Arrays.fill(out, -1);
        if (coreRows.rows() == 0 || n == 0) {
            return out;
        }
        double[] best = new double[n];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        new RadiusScan(x, null, coreRows, null, metric).run(eps, false, Workers.defaultThreads(),
                (w, q, r, dist) -> {
                    if (dist < best[q]) {
                        best[q] = dist;
                        out[q] = coreLabels[r];
                    }
                }, Progress.NONE);
        return out;
    }

    /** Writes {@code model.json}, {@code labels.npy}, {@code core_indices.npy}, {@code core_labels.npy}, {@code components.npy}. */
    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        ModelStore.writeArray(dir, "components", coreRows);
        NumpyWriter.writeNpy(dir.resolve("labels.npy"), labels, 1, labels.length);
        NumpyWriter.writeNpy(dir.resolve("core_indices.npy"), coreIndices, 1, coreIndices.length);
        NumpyWriter.writeNpy(dir.resolve("core_labels.npy"), coreLabels, 1, coreLabels.length);
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("eps", eps);
        m.put("metric", metric.toString());
        m.put("clusters", clusters);
        m.put("input_width", inputWidth());
        m.put("rows", labels.length);
        m.put("core_samples", coreIndices.length);
        ModelStore.writeManifest(dir, m);
    }

    public static DbscanModel load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        FloatMatrix core = ModelStore.readArray(dir, "components");
        int[] labels = KMeansModel.readLabels(dir);
        int[] coreIndices = readInts(dir, "core_indices");
        int[] coreLabels = readInts(dir, "core_labels");
        int coreCount = m.path("core_samples").asInt();
        if (core.rows() != coreCount || coreIndices.length != coreCount || coreLabels.length != coreCount
                || labels.length != m.path("rows").asInt() || core.cols() != m.path("input_width").asInt()) {
            throw new DescryException(dir + ": the arrays do not match the manifest (" + coreCount
                    + " core samples of width " + m.path("input_width").asInt() + ", " + m.path("rows").asInt()
                    + " rows)");
        }
        return new DbscanModel(m.path("eps").asDouble(), Metric.parse(m.path("metric").asText()),
                m.path("clusters").asInt(), labels, coreIndices, core, coreLabels, ModelStore.provenance(m));
    }

    static int[] readInts(Path dir, String name) {
        org.descry.io.NumpyArray a = org.descry.io.NumpyReader.read(dir.resolve(name + ".npy"));
        int[] out = new int[(int) a.size()];
        int cols = a.cols();
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) a.get(i / cols, i % cols);
        }
        return out;
    }
}
