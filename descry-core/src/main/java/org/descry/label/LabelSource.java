package org.descry.label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.linalg.Kernels;
import org.descry.metrics.ClusterDispersion;
import org.descry.metrics.Noise;
import org.descry.model.ClusterModel;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;
import org.descry.study.FittedMix;

/**
 * A clustering ready to label with: the fitted preprocessing of a descriptor set (or mixture), its clustering, each
 * cluster's centroid in the reduced space, and each cluster's reject radius, calibrated on the training rows. An
 * attribute ({@code type}, {@code view}, {@code colour} ...) is labelled from one source through the names people
 * gave its clusters; two attributes may share a source (type and view from the same clustering, named twice).
 *
 * <p>A new row goes to the cluster its clustering predicts. Its value is withheld when that cluster has no name or
 * is named {@link ClusterNames#UNKNOWN}, or when the row lies farther from the cluster's centroid than the
 * radius: the {@code quantile} (0.99 by default) of the training members' distances, so about 1% of rows like the
 * training ones are withheld per cluster and rows unlike any of them are. This is the distance-to-centroid
 * rejection of open-set recognition (Scheirer et al. 2013 "Toward open set recognition" discuss why a closed
 * classifier must be given such a bound). The confidence is {@code d2² / (d² + d2²)}, with {@code d} the distance to the
 * assigned centroid and {@code d2} to the nearest centroid of a differently named cluster: 0.5 on the border
 * between two names, near 1 deep inside one (1 when every named cluster has the same name).
 *
 * @param name       the source's name (its descriptor set or mixture spec)
 * @param mix        the fitted preprocessing (one descriptor set or a mixture)
 * @param clustering the fitted clustering, over the mixed rows
 * @param centroids  cluster means of the training rows, {@code k x width}
 * @param radius     each cluster's reject distance
 * @param quantile   the training quantile the radii were set at
 * @param provenance where it came from
 */
public record LabelSource(String name, FittedMix mix, ClusterModel clustering, FloatMatrix centroids,
                             float[] radius, double quantile, Provenance provenance) {

    public static final String KIND = "label-source";

    public LabelSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mix, "mix");
        Objects.requireNonNull(clustering, "clustering");
        if (centroids.rows() != clustering.k() || radius.length != clustering.k()) {
            throw new IllegalArgumentException("one centroid and radius per cluster: k=" + clustering.k()
                    + ", centroids " + centroids.rows() + ", radii " + radius.length);
        }
    }

    /**
     * Calibrates a source on the rows it was fitted on: {@code mixed} are those rows after {@code mix}
     * and {@code clustering.labels()} their clusters.
     */
    public static LabelSource calibrate(String name, FittedMix mix, ClusterModel clustering,
                                           FloatMatrix mixed, double quantile, Provenance provenance) {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new DescryException("quantile must be in (0, 1], got " + quantile);
        }
        int[] labels = clustering.labels();
        int k = clustering.k();
        int d = mixed.cols();
        if (labels.length != mixed.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + mixed.rows() + " rows");
        }
        float[] row = new float[d];
        ClusterDispersion disp = k == 0 ? null : ClusterDispersion.of(mixed, labels, Noise.EXCLUDE, Progress.NONE);
        int[] count = k == 0 ? new int[0] : disp.countsByLabel(k);
        float[] cent = k == 0 ? new float[0] : disp.centroidsByLabel(k);
        int[] start = new int[k + 1];
        for (int c = 0; c < k; c++) {
            start[c + 1] = start[c] + count[c];
        }
        float[] dist = new float[start[k]];
        int[] filled = start.clone();
        Kernels kern = Kernels.best();
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c >= 0) {
                mixed.copyRow(i, row, 0);
                dist[filled[c]++] = (float) Math.sqrt(kern.squaredDistance(row, 0, cent, c * d, d));
            }
        }
        float[] radius = new float[k];
        for (int c = 0; c < k; c++) {
            java.util.Arrays.sort(dist, start[c], start[c + 1]);
            radius[c] = count[c] == 0 ? 0
                    : dist[start[c] + Math.min(count[c] - 1, (int) Math.ceil(quantile * count[c]) - 1)];
        }
        return new LabelSource(name, mix, clustering, FloatMatrix.wrap(cent, k, d), radius, quantile,
                provenance);
    }

    /** Descriptor sets it reads, in the order {@link #assign} takes them. */
    public List<String> descriptors() {
        return mix.descriptors();
    }

    /** Cluster, distance to its centroid and confidence of each row, for a naming {@code names} (one per cluster). */
    public record Assignment(int[] cluster, float[] distance, float[] confidence) {}

    /** Assigns raw rows of the descriptor sets (in {@link #descriptors()} order) to clusters. */
    public Assignment assign(List<FloatMatrix> raw, String[] names) {
        FloatMatrix x = mix.apply(raw);
        int[] cluster = clustering.predict(x);
        int n = x.rows();
        int d = x.cols();
        int k = clustering.k();
        float[] cent = centroids.toArray();
        float[] distance = new float[n];
        float[] confidence = new float[n];
        float[] row = new float[d];
        Kernels kern = Kernels.best();
        for (int i = 0; i < n; i++) {
            x.copyRow(i, row, 0);
            int c = cluster[i];
            if (c < 0) {
                distance[i] = Float.POSITIVE_INFINITY;
                continue;
            }
            double own = kern.squaredDistance(row, 0, cent, c * d, d);
            double other = Double.POSITIVE_INFINITY;
            String mine = names[c];
            for (int j = 0; j < k; j++) {
                String nj = names[j];
                if (nj != null && !nj.equals(ClusterNames.UNKNOWN) && !nj.equals(mine)) {
                    other = Math.min(other, kern.squaredDistance(row, 0, cent, j * d, d));
                }
            }
            distance[i] = (float) Math.sqrt(own);
            confidence[i] = other == Double.POSITIVE_INFINITY ? 1f : (float) (other / (own + other));
        }
        return new Assignment(cluster, distance, confidence);
    }

    public void save(Path dir) throws IOException {
        mix.save(dir.resolve("mix"), provenance);
        clustering.save(dir.resolve("cluster"));
        ModelStore.writeArray(dir, "centroids", centroids);
        ModelStore.writeArray(dir, "radius", radius);
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("name", name);
        m.put("quantile", quantile);
        m.put("clusters", clustering.k());
        ModelStore.writeManifest(dir, m);
    }

    public static LabelSource load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        return new LabelSource(m.path("name").asText(), FittedMix.load(dir.resolve("mix")),
                org.descry.study.FittedPipeline.loadClustering(dir.resolve("cluster")),
                ModelStore.readArray(dir, "centroids"), ModelStore.readVector(dir, "radius"),
                m.path("quantile").asDouble(), ModelStore.provenance(m));
    }
}
