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
 * A fitted agglomerative clustering: the full {@link MergeTree} of the fit rows, the labels of its {@code k}
 * clusters and their centroids.
 *
 * <p>{@link #labelsAt(int)} cuts the kept tree for any number of clusters in {@code O(n)}, so a whole range of
 * {@code k} costs one fit. {@link #predict} assigns a new row to the cluster with the nearest centroid (ties to
 * the lower label). scikit-learn's {@code AgglomerativeClustering} has no {@code predict}: a new point has no
 * place in a tree built from the fit rows, and linkage-faithful assignment (the cluster of the nearest fit row
 * for single linkage, the least Ward increase for Ward) would need the fit rows kept. The centroid is what Ward
 * merges on and a compact model, so a saved model holds {@code k} centroids instead of the data; for
 * single linkage on elongated clusters it can differ from the cluster of the nearest fit row.
 */
public final class AgglomerativeModel implements ClusterModel {

    static final String KIND = "agglomerative";

    private final MergeTree tree;
    private final int k;
    private final boolean structured;
    private final int components;
    private final int[] labels;
    private final FloatMatrix centroids;
    private final Provenance provenance;

    private AgglomerativeModel(MergeTree tree, int k, boolean structured, int components, int[] labels,
            FloatMatrix centroids, Provenance provenance) {
        this.tree = tree;
        this.k = k;
        this.structured = structured;
        this.components = components;
        this.labels = labels;
        this.centroids = centroids;
        this.provenance = provenance;
    }

    static AgglomerativeModel cut(MergeTree tree, int k, boolean structured, int components, FloatMatrix x,
            Provenance provenance) {
        int[] labels = labels(tree, k, structured);
        return new AgglomerativeModel(tree, k, structured, components, labels, ClusterMeans.centroids(x, labels, k),
                provenance);
    }

    private static int[] labels(MergeTree tree, int k, boolean structured) {
        int n = tree.leaves();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in [1, n=" + n + "], got " + k);
        }
        return structured && k >= Math.max(100, 0.02 * n) ? tree.heads(k) : tree.cut(k);
    }

    @Override
    public int k() {
        return k;
    }

    @Override
    public int inputWidth() {
        return centroids.cols();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /**
     * The labels scikit-learn's {@code AgglomerativeClustering(n_clusters=k)} (default
     * {@code compute_full_tree="auto"}) gives on the fit rows with the same linkage and connectivity, cut from
     * the kept tree.
     */
    public int[] labelsAt(int k) {
        return labels(tree, k, structured);
    }

    /** The same tree cut into {@code k} clusters, with centroids from the fit rows {@code x}. */
    public AgglomerativeModel withK(int k, FloatMatrix x) {
        if (x.rows() != tree.leaves() || x.cols() != inputWidth()) {
            throw new DescryException("x: " + x.rows() + " x " + x.cols() + " is not the " + tree.leaves() + " x "
                    + inputWidth() + " fit data");
        }
        int[] l = labels(tree, k, structured);
        return new AgglomerativeModel(tree, k, structured, components, l, ClusterMeans.centroids(x, l, k), provenance);
    }

    /** The full merge tree. */
    public MergeTree tree() {
        return tree;
    }

    /** scikit-learn's {@code children_}, {@code (n-1) x 2} row-major. */
    public int[] children() {
        return tree.children();
    }

    /** scikit-learn's {@code distances_} (with {@code compute_distances=True}). */
    public double[] distances() {
        return tree.distances();
    }

    /** Connected components of the symmetrised connectivity graph before completion (1 without a graph). */
    public int connectedComponents() {
        return components;
    }

    /** Whether a connectivity graph restricted the merges. */
    public boolean structured() {
        return structured;
    }

    /** The {@code k x d} cluster means of the fit rows (a copy). */
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

    /**
     * Writes {@code model.json}, {@code children.npy} (int32, {@code (n-1) x 2}), {@code distances.npy}
     * (float32: the exact float64 distances are not needed to cut the tree), {@code labels.npy} (int32) and
     * {@code centroids.npy} (float32, {@code k x d}).
     */
    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        int n = tree.leaves();
        NumpyWriter.writeNpy(dir.resolve("children.npy"), tree.children(), n - 1, 2);
        double[] dd = tree.distances();
        float[] df = new float[dd.length];
        for (int m = 0; m < dd.length; m++) {
            df[m] = (float) dd[m];
        }
        ModelStore.writeArray(dir, "distances", df);
        NumpyWriter.writeNpy(dir.resolve("labels.npy"), labels, 1, labels.length);
        ModelStore.writeArray(dir, "centroids", centroids);
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("k", k);
        m.put("input_width", inputWidth());
        m.put("n_leaves", n);
        m.put("structured", structured);
        m.put("n_connected_components", components);
        ModelStore.writeManifest(dir, m);
    }

    /** Reads a model folder written by {@link #save}. */
    public static AgglomerativeModel load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        int k = m.path("k").asInt();
        int n = m.path("n_leaves").asInt();
        int width = m.path("input_width").asInt();
        int[] children = ints(dir, "children", 2L * (n - 1));
        float[] df = ModelStore.readVector(dir, "distances");
        if (df.length != n - 1) {
            throw new DescryException(dir + ": distances.npy holds " + df.length + " values, expected " + (n - 1));
        }
        double[] distances = new double[n - 1];
        for (int i = 0; i < df.length; i++) {
            distances[i] = df[i];
        }
        MergeTree tree;
        try {
            tree = new MergeTree(n, children, distances);
        } catch (IllegalArgumentException e) {
            throw new DescryException(dir + ": children.npy is not a merge tree: " + e.getMessage());
        }
        int[] labels = ints(dir, "labels", n);
        FloatMatrix centroids = ModelStore.readArray(dir, "centroids");
        if (centroids.rows() != k || centroids.cols() != width) {
            throw new DescryException(dir + ": centroids.npy is " + centroids.rows() + " x " + centroids.cols()
                    + ", the manifest says " + k + " x " + width);
        }
        return new AgglomerativeModel(tree, k, m.path("structured").asBoolean(),
                m.path("n_connected_components").asInt(1), labels, centroids, ModelStore.provenance(m));
    }

    private static int[] ints(Path dir, String name, long expected) {
        Path f = dir.resolve(name + ".npy");
        if (!Files.isRegularFile(f)) {
            throw new DescryException(dir + ": model file " + f.getFileName() + " is missing");
        }
        NumpyArray a = NumpyReader.read(f);
        if (a.size() != expected) {
            throw new DescryException(f + ": holds " + a.size() + " values, expected " + expected);
        }
        int[] out = new int[(int) expected];
        int cols = (int) (a.size() / Math.max(1, a.rows()));
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) a.get(i / cols, i % cols);
        }
        return out;
    }
}
