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
 * A fitted {@link Optics}: scikit-learn's {@code ordering_}, {@code reachability_}, {@code core_distances_},
 * {@code predecessor_}, {@code labels_} and (ξ extraction) {@code cluster_hierarchy_}, plus the labelled core rows
 * for {@link #predict}.
 *
 * <p>scikit-learn's OPTICS has no {@code predict}. Here a new row takes the label of the nearest labelled fit row
 * whose core neighbourhood holds it ({@code distance <= core distance} of that row, so the new row would be
 * directly density-reachable from it without lowering any reachability), else {@code -1}. The core distances
 * used there are rounded to float32, as saved.
 */
public final class OpticsModel implements ClusterModel {

    static final String KIND = "optics";

    private final Metric metric;
    private final int clusters;
    private final int width;
    private final int[] ordering;
    private final double[] reachability;
    private final double[] coreDistances;
    private final int[] predecessor;
    private final int[] labels;
    private final int[] hierarchy;
    private final FloatMatrix anchors;
    private final int[] anchorLabels;
    private final double[] anchorRadii;
    private final Provenance provenance;

    private OpticsModel(Metric metric, int width, int[] ordering, double[] reachability, double[] coreDistances,
            int[] predecessor, int[] labels, int[] hierarchy, FloatMatrix anchors, int[] anchorLabels,
            double[] anchorRadii, Provenance provenance) {
        this.metric = metric;
        this.width = width;
        this.ordering = ordering;
        this.reachability = reachability;
        this.coreDistances = coreDistances;
        this.predecessor = predecessor;
        this.labels = labels;
        this.hierarchy = hierarchy;
        this.anchors = anchors;
        this.anchorLabels = anchorLabels;
        this.anchorRadii = anchorRadii;
        this.provenance = provenance;
        int k = 0;
        for (int l : labels) {
            k = Math.max(k, l + 1);
        }
        this.clusters = k;
    }

    static OpticsModel of(FloatMatrix x, Metric metric, int[] ordering, double[] reachability, double[] core,
            int[] predecessor, int[] labels, int[] hierarchy, Provenance provenance) {
        int m = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0 && Double.isFinite(core[i])) {
                m++;
            }
        }
        FloatMatrix anchors = FloatMatrix.zeros(m, x.cols());
        int[] anchorLabels = new int[m];
        double[] radii = new double[m];
        float[] row = new float[x.cols()];
        int j = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0 && Double.isFinite(core[i])) {
                x.copyRow(i, row, 0);
                anchors.setRow(j, row, 0);
                anchorLabels[j] = labels[i];
                radii[j] = (float) core[i];
                j++;
            }
        }
        return new OpticsModel(metric, x.cols(), ordering, reachability, core, predecessor, labels, hierarchy,
                anchors, anchorLabels, radii, provenance);
    }

    @Override
    public int k() {
        return clusters;
    }

    @Override
    public int inputWidth() {
        return width;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** Row indices in OPTICS order ({@code ordering_}). */
    public int[] ordering() {
        return ordering.clone();
    }

    /** Reachability of each row, by row index ({@code reachability_}; infinity for the first of each component). */
    public double[] reachability() {
        return reachability.clone();
    }

    /** Core distance of each row ({@code core_distances_}; infinity beyond {@code maxEps}). */
    public double[] coreDistances() {
        return coreDistances.clone();
    }

    /** The row each row was reached from, or -1 ({@code predecessor_}). */
    public int[] predecessor() {
        return predecessor.clone();
    }

    /**
     * ξ clusters as flat {@code [start, end]} pairs of positions in {@link #ordering()}, inclusive, nested ones
     * before the ones holding them ({@code cluster_hierarchy_}); empty for the DBSCAN extraction.
     */
    public int[] clusterHierarchy() {
        return hierarchy.clone();
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
        if (x.cols() != width) {
            throw new DescryException("x: width " + x.cols() + " does not match the model's " + width);
        }
        DataStats.requireFinite(x, "x");
        int n = x.rows();
        int[] out = new int[n];
        Arrays.fill(out, -1);
        if (anchors.rows() == 0 || n == 0) {
            return out;
        }
        double radius = 0;
        for (double r : anchorRadii) {
            radius = Math.max(radius, r);
        }
        double[] best = new double[n];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        new RadiusScan(x, null, anchors, null, metric).run(Math.max(radius, Double.MIN_VALUE), false,
                Workers.defaultThreads(), (w, q, r, dist) -> {
                    if (dist <= anchorRadii[r] && dist < best[q]) {
                        best[q] = dist;
                        out[q] = anchorLabels[r];
                    }
                }, Progress.NONE);
        return out;
    }

    /** Writes {@code model.json} and the arrays as {@code .npy} (distances as float32, indices as int32). */
    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        int n = labels.length;
        NumpyWriter.writeNpy(dir.resolve("labels.npy"), labels, 1, n);
        NumpyWriter.writeNpy(dir.resolve("ordering.npy"), ordering, 1, n);
        NumpyWriter.writeNpy(dir.resolve("predecessor.npy"), predecessor, 1, n);
        NumpyWriter.writeNpy(dir.resolve("hierarchy.npy"), hierarchy.length == 0 ? new int[] {-1, -1} : hierarchy,
                Math.max(1, hierarchy.length / 2), 2);
        ModelStore.writeArray(dir, "reachability", toFloats(reachability));
        ModelStore.writeArray(dir, "core_distances", toFloats(coreDistances));
        ModelStore.writeArray(dir, "anchors", anchors);
        NumpyWriter.writeNpy(dir.resolve("anchor_labels.npy"), anchorLabels.length == 0 ? new int[] {-1}
                : anchorLabels, 1, Math.max(1, anchorLabels.length));
        ModelStore.writeArray(dir, "anchor_radii", toFloats(anchorRadii.length == 0 ? new double[] {0}
                : anchorRadii));
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("metric", metric.toString());
        m.put("rows", n);
        m.put("input_width", width);
        m.put("clusters", clusters);
        m.put("hierarchy_clusters", hierarchy.length / 2);
        m.put("anchors", anchors.rows());
        ModelStore.writeManifest(dir, m);
    }

    /**
     * Reads a saved model. Reachability and core distances come back as the float32 values saved (the labels,
     * ordering and hierarchy exactly).
     */
    public static OpticsModel load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        int n = m.path("rows").asInt();
        int width = m.path("input_width").asInt();
        int anchorCount = m.path("anchors").asInt();
        int[] labels = DbscanModel.readInts(dir, "labels");
        int[] ordering = DbscanModel.readInts(dir, "ordering");
        int[] predecessor = DbscanModel.readInts(dir, "predecessor");
        int[] hierarchy = Arrays.copyOf(DbscanModel.readInts(dir, "hierarchy"), 2 * m.path("hierarchy_clusters")
                .asInt());
        double[] reach = toDoubles(ModelStore.readVector(dir, "reachability"), n);
        double[] core = toDoubles(ModelStore.readVector(dir, "core_distances"), n);
        FloatMatrix anchors = anchorCount == 0 ? FloatMatrix.zeros(0, width) : ModelStore.readArray(dir, "anchors");
        int[] anchorLabels = Arrays.copyOf(DbscanModel.readInts(dir, "anchor_labels"), anchorCount);
        double[] radii = toDoubles(ModelStore.readVector(dir, "anchor_radii"), anchorCount);
        if (labels.length != n || ordering.length != n || predecessor.length != n || anchors.rows() != anchorCount
                || anchors.cols() != width) {
            throw new DescryException(dir + ": the arrays do not match the manifest (" + n + " rows, " + anchorCount
                    + " anchors of width " + width + ")");
        }
        return new OpticsModel(Metric.parse(m.path("metric").asText()), width, ordering, reach, core, predecessor,
                labels, hierarchy, anchors, anchorLabels, radii, ModelStore.provenance(m));
    }

    private static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static double[] toDoubles(float[] v, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
