package org.descry.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Workers;
import org.descry.io.NumpyWriter;
import org.descry.linalg.Kernels;
import org.descry.model.ClusterModel;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A fitted bisecting k-means: the leaf centres ({@code k x d}), the fit labels and inertia, and the binary tree
 * of splits (node 0 is the root; every node has a centre, internal nodes two children, leaves a label).
 * {@link #predict} descends the tree choosing the nearer child centre at each split (ties to the left), as
 * scikit-learn's {@code _predict_recursive}; it can differ from the nearest leaf centre.
 */
public final class BisectingKMeansModel implements ClusterModel {

    static final String KIND = "bisecting-kmeans";

    private final FloatMatrix centres;
    private final int[] labels;
    private final double inertia;
    private final FloatMatrix nodeCentres;
    private final int[] left;
    private final int[] right;
    private final int[] leafLabel;
    private final Provenance provenance;

    BisectingKMeansModel(FloatMatrix centres, int[] labels, double inertia, FloatMatrix nodeCentres, int[] left,
            int[] right, int[] leafLabel, Provenance provenance) {
        this.centres = centres;
        this.labels = labels;
        this.inertia = inertia;
        this.nodeCentres = nodeCentres;
        this.left = left;
        this.right = right;
        this.leafLabel = leafLabel;
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

    public FloatMatrix centres() {
        return centres.copy();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    public double inertia() {
        return inertia;
    }

    /** Nodes in the tree ({@code 2k - 1}). */
    public int nodes() {
        return left.length;
    }

    /** Children of {@code node} as {@code {left, right}}, or an empty array for a leaf. */
    public int[] children(int node) {
        return left[node] < 0 ? new int[0] : new int[] {left[node], right[node]};
    }

    /** The label of leaf {@code node}, or -1 for an internal node. */
    public int leafLabel(int node) {
        return leafLabel[node];
    }

    /** The centre of any node (for a leaf, its cluster's centre). */
    public float[] nodeCentre(int node) {
        return nodeCentres.rowArray(node);
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
        int d = x.cols();
        float[] c = nodeCentres.toArray();
        Kernels row = Kernels.best().withThreads(1);
        int[] out = new int[n];
        int br = NearestCentre.blockRows(d);
        int tasks = (n + br - 1) / br;
        Workers.forEach(Workers.defaultThreads(), tasks, t -> {
            int r0 = t * br;
            int r1 = Math.min(n, r0 + br);
            float[] buf = new float[(r1 - r0) * d];
            x.copyRows(r0, r1, buf, 0);
            for (int r = 0; r < r1 - r0; r++) {
                int node = 0;
                while (left[node] >= 0) {
                    float a = row.squaredDistance(buf, r * d, c, left[node] * d, d);
                    float b = row.squaredDistance(buf, r * d, c, right[node] * d, d);
                    node = b < a ? right[node] : left[node];
                }
                out[r0 + r] = leafLabel[node];
            }
        });
        return out;
    }

    /** Writes {@code model.json}, the centres, labels and the tree as {@code .npy} files into {@code dir}. */
    public void save(Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        ModelStore.writeArray(dir, "centres", centres);
        ModelStore.writeArray(dir, "node_centres", nodeCentres);
        NumpyWriter.writeNpy(dir.resolve("labels.npy"), labels, 1, labels.length);
        int nodes = left.length;
        int[] tree = new int[3 * nodes];
        System.arraycopy(left, 0, tree, 0, nodes);
        System.arraycopy(right, 0, tree, nodes, nodes);
        System.arraycopy(leafLabel, 0, tree, 2 * nodes, nodes);
        NumpyWriter.writeNpy(dir.resolve("tree.npy"), tree, 3, nodes);
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("k", k());
        m.put("input_width", inputWidth());
        m.put("inertia", inertia);
        m.put("nodes", nodes);
        ModelStore.writeManifest(dir, m);
    }

    public static BisectingKMeansModel load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        FloatMatrix centres = ModelStore.readArray(dir, "centres");
        FloatMatrix nodeCentres = ModelStore.readArray(dir, "node_centres");
        int nodes = m.path("nodes").asInt();
        FloatMatrix tree = ModelStore.readArray(dir, "tree");
        if (tree.rows() != 3 || tree.cols() != nodes || nodeCentres.rows() != nodes
                || centres.rows() != m.path("k").asInt()) {
            throw new DescryException(dir + ": tree.npy, node_centres.npy or centres.npy do not match model.json");
        }
        int[] left = new int[nodes];
        int[] right = new int[nodes];
        int[] leaf = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            left[i] = (int) tree.get(0, i);
            right[i] = (int) tree.get(1, i);
            leaf[i] = (int) tree.get(2, i);
        }
        return new BisectingKMeansModel(centres, KMeansModel.readLabels(dir), m.path("inertia").asDouble(),
                nodeCentres, left, right, leaf, ModelStore.provenance(m));
    }
}
