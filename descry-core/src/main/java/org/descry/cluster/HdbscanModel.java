package org.descry.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;
import org.descry.model.ClusterModel;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A fitted {@link Hdbscan}: labels (-1 noise), membership probabilities and GLOSH outlier scores of the fit rows,
 * the condensed tree ({@link #treeParent()}, {@link #treeChild()}, {@link #treeLambda()}, {@link #treeChildSize()},
 * the hdbscan library's {@code condensed_tree_}), the selected clusters and their exemplars. It keeps the fit rows
 * and their core distances, which {@link #approximatePredict} needs (the library's {@code prediction_data}).
 *
 * <p><b>Prediction</b> follows the library's {@code approximate_predict}: among the {@code 2 minSamples} nearest
 * fit rows of a new row, the one at the smallest mutual reachability distance (the new row's core distance being
 * its distance to its {@code minSamples + 1}-th nearest fit row, as there) is its neighbour; the new row joins the
 * tree where that neighbour left it, at the neighbour's lambda or its own if smaller, walking up to the cluster
 * that still existed at its lambda. It differs in one point: a row that lands in a sub-cluster of a selected
 * cluster takes the selected cluster's label, as fit rows there do (the library says noise, since its map holds
 * only the selected clusters themselves). Its outlier score is GLOSH's formula ({@link Glosh}) at that place in
 * the tree: {@code (lambda_max - lambda) / lambda_max} with {@code lambda_max} the largest lambda in the subtree of
 * the cluster it joined, which is the library's {@code approximate_predict_scores} with the paper's subtree
 * maximum.
 */
public final class HdbscanModel implements ClusterModel {

    static final String KIND = "hdbscan";

    private final Hdbscan config;
    private final FloatMatrix data;
    private final float[] core;
    private final CondensedTree tree;
    private final int[] selected;
    private final int[] labelOf;
    private final int[] labels;
    private final float[] probabilities;
    private final float[] outlierScores;
    private final int[][] exemplars;
    private final Hdbscan.Graph graphUsed;
    private final double mstWeight;
    private final Map<String, Double> stageSeconds;
    private final Provenance provenance;

    HdbscanModel(Hdbscan config, FloatMatrix data, float[] core, CondensedTree tree, ClusterSelection selection,
            float[] outlierScores, int[][] exemplars, Hdbscan.Graph graphUsed, double mstWeight,
            Map<String, Double> stageSeconds, Provenance provenance) {
        this.config = config;
        this.data = data;
        this.core = core;
        this.tree = tree;
        this.selected = selection.selected();
        this.labelOf = selection.labelOf();
        this.labels = selection.labels();
        this.probabilities = selection.probabilities();
        this.outlierScores = outlierScores;
        this.exemplars = exemplars;
        this.graphUsed = graphUsed;
        this.mstWeight = mstWeight;
        this.stageSeconds = Map.copyOf(stageSeconds);
        this.provenance = provenance;
    }

    /** The configuration it was fitted with. */
    public Hdbscan config() {
        return config;
    }

    @Override
    public int k() {
        return selected.length;
    }

    @Override
    public int inputWidth() {
        return data.cols();
    }

    /** Rows it was fitted on. */
    public int rows() {
        return data.rows();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** Membership strength of each fit row in its cluster, in {@code [0, 1]}, 0 for noise (library {@code probabilities_}). */
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** GLOSH outlier score of each fit row, in {@code [0, 1]} ({@link Glosh}; library {@code outlier_scores_}). */
    public float[] outlierScores() {
        return outlierScores.clone();
    }

    /** Core distance of each fit row: its distance to its {@code minSamples}-th nearest row, itself included. */
    public float[] coreDistances() {
        return core.clone();
    }

    /** Condensed tree: the parent cluster of each entry (clusters are numbered from {@code rows()}, the root). */
    public int[] treeParent() {
        return tree.parent().clone();
    }

    /** Condensed tree: the child of each entry, a fit row when {@code < rows()}, else a cluster. */
    public int[] treeChild() {
        return tree.child().clone();
    }

    /** Condensed tree: the lambda ({@code 1 / distance}) at which the child leaves the parent. */
    public float[] treeLambda() {
        return tree.lambda().clone();
    }

    /** Condensed tree: the number of fit rows in the child. */
    public int[] treeChildSize() {
        return tree.childSize().clone();
    }

    /** The tree numbers of the selected clusters: label {@code i} is cluster {@code selectedClusters()[i]}. */
    public int[] selectedClusters() {
        return selected.clone();
    }

    /** The stability of each selected cluster, in label order (excess of mass of the cluster itself). */
    public double[] clusterStabilities() {
        double[] s = tree.stability();
        double[] out = new double[selected.length];
        for (int i = 0; i < selected.length; i++) {
            out[i] = s[selected[i] - rows()];
        }
        return out;
    }

    /** The exemplar rows of cluster {@code label} (the library's {@code exemplars_}, as row indices). */
    public int[] exemplars(int label) {
        return exemplars[label].clone();
    }

    /** Which spanning tree the fit built (exact or approximate). */
    public Hdbscan.Graph graphUsed() {
        return graphUsed;
    }

    /** Total weight of the mutual-reachability spanning tree. */
    public double spanningTreeWeight() {
        return mstWeight;
    }

    /** Seconds per fit stage ({@code neighbors}, {@code mst}, {@code tree}, {@code selection}); empty after load. */
    public Map<String, Double> stageSeconds() {
        return stageSeconds;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public int[] predict(FloatMatrix x) {
        return approximatePredict(x).labels();
    }

    /** Labels, probabilities and outlier scores of new rows (see the class comment). */
    public HdbscanPrediction approximatePredict(FloatMatrix x) {
        if (x.cols() != inputWidth()) {
            throw new DescryException("x: width " + x.cols() + " does not match the model's " + inputWidth());
        }
        DataStats.requireFinite(x, "x");
        int m = x.rows();
        int n = rows();
        int ms = config.resolvedMinSamples();
        int k = Math.min(2 * ms, n);
        int[] outLabels = new int[m];
        float[] outProb = new float[m];
        float[] outScore = new float[m];
        if (m == 0) {
            return new HdbscanPrediction(outLabels, outProb, outScore);
        }
        KnnGraph g = new ExactKnn(k, config.metric(), config.threads()).query(data, x, Progress.NONE);
        int[] pointRow = tree.pointRows();
        int[] up = tree.clusterParents();
        float[] birth = tree.births();
        float[] maxLambda = tree.maxLambdas();
        float[] subtreeMax = tree.subtreeMaxLambdas();
        int root = tree.root();
        boolean single = selected.length == 1 && selected[0] == root;
        double eps = config.clusterSelectionEpsilon();
        for (int i = 0; i < m; i++) {
            float pointCore = g.distance(i, Math.min(ms, k - 1));
            int nn = -1;
            float best = Float.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                int r = g.neighbour(i, j);
                float w = Math.max(g.distance(i, j), Math.max(core[r], pointCore));
                if (w < best) {
                    best = w;
                    nn = r;
                }
            }
            float lambda = CondensedTree.lambdaOf(best);
            int row = pointRow[nn];
            int cluster = tree.parent()[row];
            float nnLambda = tree.lambda()[row];
            if (nnLambda <= lambda) {
                lambda = nnLambda;
            } else {
                while (cluster > root && birth[cluster - n] >= lambda) {
                    cluster = up[cluster - n];
                }
            }
            int label = labelOf[cluster - n];
            if (label >= 0 && selected[label] == root) {
                boolean member = single && config.allowSingleCluster()
                        && (eps != 0 ? lambda >= 1.0 / eps : lambda >= maxLambda[0]);
                label = member ? label : -1;
            }
            outLabels[i] = label;
            if (label >= 0) {
                float max = maxLambda[selected[label] - n];
                outProb[i] = max > 0f ? Math.min(max, lambda) / max : 1f;
            }
            outScore[i] = Glosh.score(subtreeMax[cluster - n], lambda);
        }
        return new HdbscanPrediction(outLabels, outProb, outScore);
    }

    /**
     * Writes the model folder: {@code model.json}; the fit rows ({@code data.npy}) and {@code core_distances.npy};
     * the condensed tree ({@code tree_parent.npy}, {@code tree_child.npy}, {@code tree_child_size.npy} int32,
     * {@code tree_lambda.npy} float32); {@code labels.npy}, {@code probabilities.npy}, {@code outlier_scores.npy},
     * {@code selected.npy}; exemplars as {@code exemplars.npy} with {@code exemplar_offsets.npy}.
     */
    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        ModelStore.writeArray(dir, "data", data);
        ModelStore.writeArray(dir, "core_distances", core);
        writeInts(dir, "tree_parent", tree.parent());
        writeInts(dir, "tree_child", tree.child());
        writeInts(dir, "tree_child_size", tree.childSize());
        ModelStore.writeArray(dir, "tree_lambda", tree.lambda());
        writeInts(dir, "labels", labels);
        ModelStore.writeArray(dir, "probabilities", probabilities);
        ModelStore.writeArray(dir, "outlier_scores", outlierScores);
        writeInts(dir, "selected", selected);
        int total = 0;
        for (int[] e : exemplars) {
            total += e.length;
        }
        int[] flat = new int[total];
        int[] offsets = new int[exemplars.length + 1];
        for (int i = 0; i < exemplars.length; i++) {
            System.arraycopy(exemplars[i], 0, flat, offsets[i], exemplars[i].length);
            offsets[i + 1] = offsets[i] + exemplars[i].length;
        }
        writeInts(dir, "exemplars", flat);
        writeInts(dir, "exemplar_offsets", offsets);
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        Map<String, Object> c = config.config();
        c.put("min_samples", config.minSamples());
        c.put("seed", config.seed());
        c.put("threads", config.threads());
        m.set("config", ModelStore.json().valueToTree(c));
        m.put("rows", rows());
        m.put("input_width", inputWidth());
        m.put("k", k());
        m.put("tree_clusters", tree.clusters());
        m.put("graph_used", graphUsed.toString());
        m.put("spanning_tree_weight", mstWeight);
        ModelStore.writeManifest(dir, m);
    }

    public static HdbscanModel load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        JsonNode c = m.path("config");
        Hdbscan config = new Hdbscan(c.path("min_cluster_size").asInt(), c.path("min_samples").asInt(),
                Hdbscan.SelectionMethod.parse(c.path("cluster_selection_method").asText()),
                c.path("cluster_selection_epsilon").asDouble(), c.path("allow_single_cluster").asBoolean(),
                Metric.parse(c.path("metric").asText()), Hdbscan.Graph.parse(c.path("graph").asText()),
                c.path("neighbors").asInt(), c.path("seed").asLong(), Math.max(1, c.path("threads").asInt(1)));
        FloatMatrix data = ModelStore.readArray(dir, "data");
        int n = m.path("rows").asInt();
        if (data.rows() != n || data.cols() != m.path("input_width").asInt()) {
            throw new DescryException(dir + ": data.npy is " + data.rows() + " x " + data.cols()
                    + ", the manifest says " + n + " x " + m.path("input_width").asInt());
        }
        int[] parent = readInts(dir, "tree_parent");
        int[] child = readInts(dir, "tree_child");
        int[] size = readInts(dir, "tree_child_size");
        float[] lambda = ModelStore.readVector(dir, "tree_lambda");
        if (child.length != parent.length || size.length != parent.length || lambda.length != parent.length) {
            throw new DescryException(dir + ": the condensed tree arrays differ in length");
        }
        CondensedTree tree = new CondensedTree(n, parent, child, lambda, size, m.path("tree_clusters").asInt());
        int[] selected = readInts(dir, "selected");
        int[] offsets = readInts(dir, "exemplar_offsets");
        int[] flat = readInts(dir, "exemplars");
        int[][] exemplars = new int[selected.length][];
        for (int i = 0; i < selected.length; i++) {
            exemplars[i] = Arrays.copyOfRange(flat, offsets[i], offsets[i + 1]);
        }
        ClusterSelection sel = new ClusterSelection(selected, ClusterSelection.labelOf(tree, selected),
                readInts(dir, "labels"), ModelStore.readVector(dir, "probabilities"));
        return new HdbscanModel(config, data, ModelStore.readVector(dir, "core_distances"), tree, sel,
                ModelStore.readVector(dir, "outlier_scores"), exemplars,
                Hdbscan.Graph.parse(m.path("graph_used").asText()), m.path("spanning_tree_weight").asDouble(),
                new LinkedHashMap<>(), ModelStore.provenance(m));
    }

    private static void writeInts(Path dir, String name, int[] v) throws IOException {
        NumpyWriter.writeNpy(dir.resolve(name + ".npy"), v, 1, v.length);
    }

    private static int[] readInts(Path dir, String name) {
        Path f = dir.resolve(name + ".npy");
        if (!Files.isRegularFile(f)) {
            throw new DescryException(dir + ": model file " + f.getFileName() + " is missing");
        }
        NumpyArray a = NumpyReader.read(f);
        int[] out = new int[(int) a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) a.get(0, i);
        }
        return out;
    }
}
