package org.descry.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Workers;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;
import org.descry.linalg.Kernels;
import org.descry.model.ClusterModel;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;
import org.descry.model.Transformer;

/**
 * A fitted k-means clustering (from {@link KMeans} or {@link MiniBatchKMeans}): the {@code k x d} centres, the
 * labels and inertia of the fit data, and the iteration count. {@link #predict} gives the nearest centre (ties to
 * the lower index), {@link #transform} the Euclidean distances to all centres, as scikit-learn's
 * {@code predict} and {@code transform}.
 */
public final class KMeansModel implements ClusterModel, Transformer {

    static final String KIND = "kmeans";

    private final FloatMatrix centres;
    private final int[] labels;
    private final double inertia;
    private final int nIter;
    private final Provenance provenance;

    KMeansModel(FloatMatrix centres, int[] labels, double inertia, int nIter, Provenance provenance) {
        this.centres = centres;
        this.labels = labels;
        this.inertia = inertia;
        this.nIter = nIter;
        this.provenance = provenance;
    }

    @Override
    public int k() {
        return centres.rows();
    }

    @Override
    public int inputWidth() {
        return centres.cols();
    }

    @Override
    public int outputWidth() {
        return k();
    }

    /** The centres, {@code k x d} (a copy). */
    public FloatMatrix centres() {
        return centres.copy();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** Sum of squared distances of the fit rows to their centres. */
    public double inertia() {
        return inertia;
    }

    /** Iterations of the best run (passes over the data for mini-batch k-means, as scikit-learn's n_iter_). */
    public int nIter() {
        return nIter;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public int[] predict(FloatMatrix x) {
        checkWidth(x);
        DataStats.requireFinite(x, "x");
        return NearestCentre.labels(x, centres.toArray(), k(), Kernels.best(),
                Workers.defaultThreads(), null);
    }

    /** Sum of squared distances of the rows of {@code x} to their nearest centres (the negative of sklearn's score). */
    public double inertia(FloatMatrix x) {
        checkWidth(x);
        DataStats.requireFinite(x, "x");
        double[] out = new double[1];
        NearestCentre.labels(x, centres.toArray(), k(), Kernels.best(), Workers.defaultThreads(),
                out);
        return out[0];
    }

    /** Distances to every centre, {@code x.rows() x k}, each from the float32 squared-difference kernel. */
    @Override
    public FloatMatrix transform(FloatMatrix x) {
        checkWidth(x);
        int n = x.rows();
        int d = x.cols();
        int k = k();
        float[] c = centres.toArray();
        Kernels row = Kernels.best().withThreads(1);
        FloatMatrix out = FloatMatrix.zeros(n, k);
        int br = NearestCentre.blockRows(d);
        int tasks = (n + br - 1) / br;
        Workers.forEach(Workers.defaultThreads(), tasks, t -> {
            int r0 = t * br;
            int r1 = Math.min(n, r0 + br);
            float[] buf = new float[(r1 - r0) * d];
            float[] dist = new float[k];
            x.copyRows(r0, r1, buf, 0);
            for (int r = 0; r < r1 - r0; r++) {
                for (int j = 0; j < k; j++) {
                    dist[j] = (float) Math.sqrt(row.squaredDistance(buf, r * d, c, j * d, d));
                }
                out.setRow(r0 + r, dist, 0);
            }
        });
        return out;
    }

    private void checkWidth(FloatMatrix x) {
        if (x.cols() != inputWidth()) {
            throw new DescryException("x: width " + x.cols() + " does not match the model's " + inputWidth());
        }
    }

    /** Writes {@code model.json}, {@code centres.npy} and {@code labels.npy} (int32) into {@code dir}. */
    public void save(Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        ModelStore.writeArray(dir, "centres", centres);
        NumpyWriter.writeNpy(dir.resolve("labels.npy"), labels, 1, labels.length);
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("k", k());
        m.put("input_width", inputWidth());
        m.put("inertia", inertia);
        m.put("n_iter", nIter);
        ModelStore.writeManifest(dir, m);
    }

    public static KMeansModel load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        FloatMatrix centres = ModelStore.readArray(dir, "centres");
        if (centres.rows() != m.path("k").asInt() || centres.cols() != m.path("input_width").asInt()) {
            throw new DescryException(dir + ": centres.npy is " + centres.rows() + " x " + centres.cols()
                    + ", the manifest says " + m.path("k").asInt() + " x " + m.path("input_width").asInt());
        }
        return new KMeansModel(centres, readLabels(dir), m.path("inertia").asDouble(), m.path("n_iter").asInt(),
                ModelStore.provenance(m));
    }

    static int[] readLabels(Path dir) {
        NumpyArray a = NumpyReader.read(dir.resolve("labels.npy"));
        int n = (int) a.size();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) a.get(0, i);
        }
        return out;
    }
}
