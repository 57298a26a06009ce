package org.descry.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;
import org.descry.knn.CsrGraph;
import org.descry.knn.ExactKnn;
import org.descry.knn.GraphSearch;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;
import org.descry.knn.SearchIndex;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A fitted {@link Umap}: the {@code n x n_components} embedding, the fuzzy graph it was laid out from (before the
 * epoch pruning, umap-learn's {@code graph_}), the curve parameters {@code a, b}, the training rows (kept by
 * reference, needed by {@link #transform}) and the provenance. Immutable: accessors return the shared read-only
 * views or copies.
 *
 * <p>Saved as a model folder ({@code model.json}, {@code embedding.npy}, {@code training.npy} and the graph as
 * {@code graph-indptr.npy}, {@code graph-indices.npy}, {@code graph-data.npy}); the training rows are written in
 * full, since {@link #transform} needs them. Above {@link #EXACT_TRANSFORM_ROWS} Euclidean training rows the
 * search index of {@link #transform} is saved too ({@code search/}, {@link SearchIndex#save}); a model saved
 * before it existed rebuilds it on its first transform from the training rows and the seed, as the fit made it.
 *
 * <p>It remembers its last transform of up to {@link #REMEMBERED_VALUES} values and returns a copy of it when the
 * same rows (bit for bit) come again: a caller that assigns one set of rows with several clusterings of one
 * embedding (the naming trial's k values and algorithms, {@code org.descry.cluster.UmapClustering}) embeds them
 * once. The answer is the one a fresh transform gives, since the transform is a function of the rows.
 */
public final class UmapModel {

    public static final String KIND = "umap";

    /** Wall seconds of the stages of the fit that made the model (zero for a loaded model). */
    public record StageSeconds(double knn, double fuzzySet, double init, double sgd) {
        public double total() {
            return knn + fuzzySet + init + sgd;
        }
    }

    private final Umap config;
    private final FloatMatrix embedding;
    private final CsrGraph graph;
    private final UmapCurve curve;
    private final FloatMatrix training;
    private final Provenance provenance;
    private final StageSeconds seconds;
    private final AtomicReference<Transformed> last = new AtomicReference<>();
    /** Training rows above which {@link #transform} searches the index; {@link #EXACT_TRANSFORM_ROWS} but in tests. */
    private final int exactLimit;
    /** The fit's self graph, kept until the search index is built from it; {@code null} when loaded. */
    private volatile KnnGraph selfGraph;
    /** Where a loaded model's saved search index is, or {@code null}. */
    private final Path indexDir;
    /** The search index of the training rows, built (or read) on the first approximate transform. */
    private volatile SearchIndex index;

    /**
     * Training rows up to which {@link #transform} finds a new row's neighbours by brute force. Above, it walks
     * the training rows' NN-descent graph ({@link GraphSearch}), as umap-learn's {@code transform} queries its
     * PyNNDescent index ({@code self._knn_search_index.query(X, self.n_neighbors, epsilon=0.12)}; umap-learn is
     * exact only for its "small data" below 4,096 rows). Brute force costs one distance per training row and new
     * row, the walk a few hundred (about 250 per row at 50,000 training rows); at 10,000 rows the walk is already
     * many times cheaper on a large flow of rows (the limit of {@code label.NameVote.EXACT_REFERENCE}), while every
     * trial source (at most about 6,400 training rows on the fashion case) keeps its exact, unchanged transform.
     */
    public static final int EXACT_TRANSFORM_ROWS = 10_000;
    /**
     * The graph walk's epsilon: 0.3, where umap-learn takes 0.12 for non-angular metrics. The walk is a small part
     * of a transform (5 of 59 s for 416,314 new rows against 200,000 training rows, the rest the epochs), and on
     * 3,000 new rows against 50,000 training rows of 40 Gaussian clusters in 50 columns recall@15 rose from 0.919
     * at 0.12 (207 distances per row) to 0.942 at 0.3 (253), 0.945 at 0.5 (274): past 0.3 the 14-NN graph, not the
     * walk, limits it ({@code descry-bench/README.md}, "Session 8").
     */
    static final double SEARCH_EPSILON = 0.3;

    /** The most values ({@code rows x cols}) of new rows whose transform is remembered: 16 MB. */
    public static final long REMEMBERED_VALUES = 1L << 22;

    private record Transformed(float[] rows, float[] embedded) {}

    UmapModel(Umap config, FloatMatrix embedding, CsrGraph graph, UmapCurve curve, FloatMatrix training,
            Provenance provenance, StageSeconds seconds, KnnGraph selfGraph) {
        this(config, embedding, graph, curve, training, provenance, seconds, EXACT_TRANSFORM_ROWS, selfGraph, null);
    }

    private UmapModel(Umap config, FloatMatrix embedding, CsrGraph graph, UmapCurve curve, FloatMatrix training,
            Provenance provenance, StageSeconds seconds, int exactLimit, KnnGraph selfGraph, Path indexDir) {
        if (embedding.rows() != training.rows() || embedding.cols() != config.nComponents()
                || graph.rows() != training.rows()) {
            throw new IllegalArgumentException("embedding " + embedding + ", graph " + graph.rows()
                    + " rows and training " + training + " disagree");
        }
        this.config = config;
        this.embedding = embedding;
        this.graph = graph;
        this.curve = curve;
        this.training = training;
        this.provenance = provenance;
        this.seconds = seconds;
        this.exactLimit = exactLimit;
        this.selfGraph = selfGraph;
        this.indexDir = indexDir;
    }

    /** This model with the exact route up to {@code limit} training rows (tests: the approximate route on few rows). */
    UmapModel withExactLimit(int limit) {
        return new UmapModel(config, embedding, graph, curve, training, provenance, seconds, limit, selfGraph,
                indexDir);
    }

    /** True when {@link #transform} searches the training rows' graph instead of all of them. */
    public boolean approximateTransform() {
        return training.rows() > exactLimit && config.metric() == Metric.EUCLIDEAN;
    }

    public Umap config() {
        return config;
    }

    /** The embedding, {@code n x n_components} (a copy). */
    public FloatMatrix embedding() {
        return embedding.copy();
    }

    /** The symmetric fuzzy graph (arrays shared: do not modify). */
    public CsrGraph graph() {
        return graph;
    }

    public UmapCurve curve() {
        return curve;
    }

    /** The training rows, as given to {@link Umap#fit} (not copied). */
    public FloatMatrix training() {
        return training;
    }

    public Provenance provenance() {
        return provenance;
    }

    public StageSeconds seconds() {
        return seconds;
    }

    public FloatMatrix transform(FloatMatrix newRows) {
        return transform(newRows, Progress.NONE);
    }

    /**
     * Embeds new rows as umap-learn's {@code UMAP.transform}: their {@code n_neighbors} nearest training rows
     * ({@link #neighbours}), memberships from {@code smooth_knn_dist} with
     * {@code local_connectivity - 1} (at least 0), each new point started at the membership-weighted mean of its
     * neighbours' embedding, then {@code n_epochs / 3} epochs of SGD (100 up to 10,000 new rows and 30 above when
     * {@code n_epochs} is auto) at a quarter of the learning rate, the training embedding held fixed. The epochs
     * run on all {@link Workers#defaultThreads()} with the one-thread result (the training layout is fixed, so the
     * new points do not race; {@code UmapLayout}), whatever the model's thread count.
     */
    public FloatMatrix transform(FloatMatrix newRows, Progress progress) {
        if (newRows.cols() != training.cols()) {
            throw new DescryException("new rows have " + newRows.cols() + " columns, the UMAP model was fitted on "
                    + training.cols());
        }
        Umap.requireFinite(newRows, "new rows");
        int m = newRows.rows();
        int dim = config.nComponents();
        if (m == 0) {
            return FloatMatrix.zeros(0, dim);
        }
        float[] key = (long) m * newRows.cols() <= REMEMBERED_VALUES ? newRows.toArray() : null;
        Transformed before = last.get();
        if (key != null && before != null && Arrays.equals(before.rows(), key)) {
            return FloatMatrix.wrap(before.embedded().clone(), m, dim);
        }
        float[] emb = embed(newRows, progress);
        if (key != null) {
            last.set(new Transformed(key, emb.clone()));
        }
        return FloatMatrix.wrap(emb, m, dim);
    }

    private float[] embed(FloatMatrix newRows, Progress progress) {
        int m = newRows.rows();
        int dim = config.nComponents();
        int k = config.nNeighbors();
        KnnGraph knn = neighbours(newRows);
        float[] dist = knn.distances();
        int[] idx = knn.indices();
        FuzzySimplicialSet.Bandwidths bw = FuzzySimplicialSet.smoothKnnDist(dist, m, k, k,
                Math.max(0, config.localConnectivity() - 1), config.threads());
        float[] w = new float[m * k];
        float max = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                w[i * k + j] = FuzzySimplicialSet.membership(dist[i * k + j], bw.rhos()[i], bw.sigmas()[i]);
                max = Math.max(max, w[i * k + j]);
            }
        }
        float[] trainEmb = embedding.toArray();
        float[] emb = new float[m * dim];
        for (int i = 0; i < m; i++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += w[i * k + j];
            }
            if (sum == 0) {
                continue;
            }
            for (int d = 0; d < dim; d++) {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += (float) (w[i * k + j] / sum) * trainEmb[idx[i * k + j] * dim + d];
                }
                emb[i * dim + d] = (float) s;
            }
        }
        int epochs = config.nEpochs() == Umap.AUTO ? (m <= 10_000 ? 100 : 30) : config.nEpochs() / 3;
        if (epochs > 0) {
            float cut = max / epochs;
            int count = 0;
            for (float v : w) {
                if (v >= cut && v != 0) {
                    count++;
                }
            }
            int[] head = new int[count];
            int[] tail = new int[count];
            float[] weights = new float[count];
            int e = 0;
            for (int i = 0; i < m * k; i++) {
                if (w[i] >= cut && w[i] != 0) {
                    head[e] = i / k;
                    tail[e] = idx[i];
                    weights[e++] = w[i];
                }
            }
            UmapLayout.optimize(emb, trainEmb, dim, head, tail, UmapLayout.epochsPerSample(weights, epochs),
                    training.rows(), epochs, curve.a(), curve.b(), config.repulsionStrength(),
                    config.learningRate() / 4, config.negativeSampleRate(), false, config.seed() ^ 0x5DEECE66DL,
                    Workers.defaultThreads(), progress, 0, epochs);
        }
        return emb;
    }

    /**
     * The {@code n_neighbors} nearest training rows of each new row, as {@link #transform} finds them: brute force
     * up to {@link #EXACT_TRANSFORM_ROWS} training rows (and for the cosine metric), above it the graph walk over
     * the training rows' NN-descent graph (the fit's own, as umap-learn's transform queries the index its fit
     * built) with epsilon {@value #SEARCH_EPSILON}. The walk's answer for a row does not depend on the thread count
     * or on the other rows, so it runs on all {@link Workers#defaultThreads()}.
     */
    public KnnGraph neighbours(FloatMatrix newRows) {
        if (newRows.cols() != training.cols()) {
            throw new DescryException("new rows have " + newRows.cols() + " columns, the UMAP model was fitted on "
                    + training.cols());
        }
        if (approximateTransform()) {
            return index().query(newRows, config.nNeighbors(), Progress.NONE);
        }
        return ExactKnn.of(config.nNeighbors()).withMetric(config.metric()).withThreads(config.threads())
                .query(training, newRows, Progress.NONE);
    }

    /**
     * The search index: read from a saved model, else built from the fit's self graph, else (a model saved before
     * the index was) from the self graph the fit would make, rebuilt with the fit's rule and seed (NN-descent's
     * graph is the same on any number of threads).
     */
    private SearchIndex index() {
        SearchIndex i = index;
        if (i != null) {
            return i;
        }
        synchronized (this) {
            if (index != null) {
                return index;
            }
            GraphSearch search = GraphSearch.of().withEpsilon(SEARCH_EPSILON).withSeed(config.seed())
                    .withThreads(Workers.defaultThreads());
            if (indexDir != null) {
                try {
                    i = SearchIndex.load(indexDir, training).with(search);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            } else {
                KnnGraph g = selfGraph;
                if (g == null || g.metric() != Metric.EUCLIDEAN || !g.selfExcluded()) {
                    g = Umap.selfGraph(training, config.nNeighbors() - 1, config.metric(), config.seed(),
                            Workers.defaultThreads());
                }
                i = search.index(training, g);
            }
            index = i;
            selfGraph = null;
            return i;
        }
    }

    /** Writes the model folder. */
    public void save(Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        ModelStore.writeArray(dir, "embedding", embedding);
        ModelStore.writeArray(dir, "training", training);
        NumpyWriter.writeNpy(dir.resolve("graph-indptr.npy"), graph.indptr(), 1, graph.indptr().length);
        NumpyWriter.writeNpy(dir.resolve("graph-indices.npy"), graph.indices(), 1, graph.nnz());
        ModelStore.writeArray(dir, "graph-data", graph.data());
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("n_neighbors", config.nNeighbors());
        m.put("n_components", config.nComponents());
        m.put("min_dist", config.minDist());
        m.put("spread", config.spread());
        m.put("n_epochs", config.nEpochs());
        m.put("negative_sample_rate", config.negativeSampleRate());
        m.put("learning_rate", config.learningRate());
        m.put("repulsion_strength", config.repulsionStrength());
        m.put("set_op_mix_ratio", config.setOpMixRatio());
        m.put("local_connectivity", config.localConnectivity());
        m.put("init", config.init().name().toLowerCase(java.util.Locale.ROOT));
        m.put("metric", config.metric().toString());
        m.put("seed", config.seed());
        m.put("threads", config.threads());
        m.put("a", curve.a());
        m.put("b", curve.b());
        m.put("rows", training.rows());
        if (approximateTransform()) {
            index().save(dir.resolve("search"));
            m.put("transform_neighbours", "graph");
        }
        ModelStore.writeManifest(dir, m);
    }

    /** Reads a model folder written by {@link #save}. */
    public static UmapModel load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        Umap config = new Umap(m.path("n_neighbors").asInt(), m.path("n_components").asInt(),
                m.path("min_dist").asDouble(), m.path("spread").asDouble(), m.path("n_epochs").asInt(),
                m.path("negative_sample_rate").asDouble(), m.path("learning_rate").asDouble(),
                m.path("repulsion_strength").asDouble(), m.path("set_op_mix_ratio").asDouble(),
                m.path("local_connectivity").asDouble(), Umap.Init.parse(m.path("init").asText()),
                Metric.parse(m.path("metric").asText()), m.path("seed").asLong(),
                Math.max(1, m.path("threads").asInt(1)));
        FloatMatrix embedding = ModelStore.readArray(dir, "embedding");
        FloatMatrix training = ModelStore.readArray(dir, "training");
        int rows = training.rows();
        int[] indptr = ints(dir, "graph-indptr");
        int[] indices = ints(dir, "graph-indices");
        float[] data = ModelStore.readVector(dir, "graph-data");
        CsrGraph graph;
        try {
            graph = new CsrGraph(rows, rows, indptr, indices, data);
            Path search = dir.resolve("search");
            return new UmapModel(config, embedding, graph, new UmapCurve(m.path("a").asDouble(), m.path("b").asDouble()),
                    training, ModelStore.provenance(m), new StageSeconds(0, 0, 0, 0), EXACT_TRANSFORM_ROWS, null,
                    java.nio.file.Files.isRegularFile(search.resolve(ModelStore.MANIFEST)) ? search : null);
        } catch (IllegalArgumentException e) {
            throw new DescryException(dir + ": inconsistent UMAP model: " + e.getMessage());
        }
    }

    private static int[] ints(Path dir, String name) throws IOException {
        Path f = dir.resolve(name + ".npy");
        if (!java.nio.file.Files.isRegularFile(f)) {
            throw new DescryException(dir + ": model file " + f.getFileName() + " is missing");
        }
        NumpyArray a = NumpyReader.read(f);
        int n = Math.toIntExact(a.size());
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) a.get(0, i);
        }
        return out;
    }
}
