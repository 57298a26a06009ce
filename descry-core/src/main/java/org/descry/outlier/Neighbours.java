package org.descry.outlier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.ExactKnn;
import org.descry.knn.GraphSearch;
import org.descry.knn.KdTree;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;
import org.descry.knn.NnDescent;
import org.descry.knn.SearchIndex;
import org.descry.model.ModelStore;

/**
 * How a neighbour-based outlier model finds the training rows nearest to new rows: exactly (brute force against
 * the training rows, {@link ExactKnn}) up to {@link #EXACT_LIMIT} training rows, by {@link GraphSearch} over the
 * training rows' NN-descent graph above it.
 *
 * <p>Why the switch: the brute-force graph and query cost {@code O(n² d)}; at 416,314 x 250 that is about 87
 * TFLOP, some ten minutes on two cores, for the fit and again for scoring as many new rows, per descriptor set.
 * NN-descent and the graph search cost about {@code n} times a few hundred to a thousand distances. Below the
 * limit brute force takes seconds and stays exactly scikit-learn's {@code kneighbors}, so the fixture tests hold
 * bit for bit; above it the neighbours are approximate. Measured (descry-bench/README.md, "Outliers at full
 * size"): recall@50 of the new-row query 0.981 (recall@20 0.991) on 416,314 x 250 clustered rows, 0.992 at
 * 100,000; on the fashion case with the approximate path forced (limit 0) the default ensemble's ROC-AUC stays
 * 0.910 (0.9102 both ways).
 *
 * <p>A model keeps this object and saves it beside its training rows: for the graph search the search graph
 * ({@code search/}, {@link SearchIndex#save}); the manifest says which ({@code "neighbours": "exact"} or
 * {@code "graph"}) and gives an id shared by the members of one ensemble fitted on one graph, so the ensemble
 * queries once for all of them, also after loading. A model saved before this existed has neither field and
 * loads as exact.
 */
public final class Neighbours {

    /** Training rows up to which neighbours are exact, as {@code org.descry.study.Clustering}'s graph limit. */
    public static final int EXACT_LIMIT = 50_000;

    /**
     * The graph search's epsilon for new rows (saved with the index; models saved before keep theirs, 0.1). Half
     * PyNNDescent's 0.1: on the outlier model's 50,000-row sample at 144 columns a new row's 50-NN query measures
     * 1,006 rows instead of 1,162 and costs about a quarter less, recall@50 0.971 instead of 0.981, the set's
     * ensemble flags agreeing with those from exact neighbours on 99.35% of 2,000 rows instead of 99.55%
     * ({@code descry-bench/README.md}, "Session 5: labelling speed").
     */
    public static final double SEARCH_EPSILON = 0.05;

    /**
     * Columns up to which a graph model's new rows are searched exactly through a {@link KdTree} instead of the
     * graph walk: at 8-9 columns it is exact and as fast or faster; at 42 columns it was 20 times slower
     * ({@code descry-bench/README.md}, "Session 5: labelling speed").
     */
    public static final int KD_TREE_COLS = 12;

    private final FloatMatrix reference;
    /** The search index, or {@code null} until a loaded one is first needed ({@link #index()}). */
    private volatile SearchIndex index;
    /** The k-d tree of a graph model on at most {@link #KD_TREE_COLS} columns, built on first query. */
    private volatile KdTree tree;
    /** Where a loaded model's search index is, or {@code null}. */
    private final Path indexDir;
    private final int threads;
    private final String id;

    private Neighbours(FloatMatrix reference, SearchIndex index, Path indexDir, int threads, String id) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.index = index;
        this.indexDir = indexDir;
        this.threads = threads;
        this.id = id;
    }

    /**
     * The search index, read on first use when loaded: a model whose new rows are scored by another one (an
     * ensemble's sample reference, {@link RankEnsemble}) then never reads or prepares it.
     */
    private SearchIndex index() {
        SearchIndex i = index;
        if (i == null && indexDir != null) {
            synchronized (this) {
                i = index;
                if (i == null) {
                    try {
                        i = SearchIndex.load(indexDir, reference);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    index = i;
                }
            }
        }
        return i;
    }

    private KdTree tree() {
        KdTree t = tree;
        if (t == null) {
            synchronized (this) {
                t = tree;
                if (t == null) {
                    t = KdTree.build(reference, KdTree.LEAF_SIZE);
                    tree = t;
                }
            }
        }
        return t;
    }

    /** The self graph and the neighbour source of a fit. */
    public record Fitted(KnnGraph graph, Neighbours neighbours) {}

    /**
     * The {@code k}-NN self graph of {@code x} (exact when {@code x.rows() <= exactLimit}, NN-descent with
     * {@code seed} above) and the matching source for new rows.
     */
    public static Fitted fit(FloatMatrix x, int k, int exactLimit, long seed, int threads, Progress progress) {
        if (x.rows() <= exactLimit) {
            KnnGraph g = new ExactKnn(k, Metric.EUCLIDEAN, threads).fit(x, progress);
            return new Fitted(g, exact(x, threads));
        }
        KnnGraph g = NnDescent.of(k).withSeed(seed).withThreads(threads).fit(x, progress);
        SearchIndex index = GraphSearch.of().withEpsilon(SEARCH_EPSILON).withSeed(seed).withThreads(threads)
                .index(x, g);
        return new Fitted(g, new Neighbours(index.reference(), index, null, threads, UUID.randomUUID().toString()));
    }

    /** Brute-force queries against {@code reference}. */
    public static Neighbours exact(FloatMatrix reference, int threads) {
        return new Neighbours(reference, null, null, threads, UUID.randomUUID().toString());
    }

    /** The training rows. */
    public FloatMatrix reference() {
        return reference;
    }

    /** True when new rows are searched over the graph. */
    public boolean approximate() {
        return index != null || indexDir != null;
    }

    /** Equal for the sources of models fitted on one graph (and after loading them). */
    public String id() {
        return id;
    }

    /**
     * The {@code k} nearest training rows of each row of {@code rows}: brute force on an exact source; on a graph
     * source the graph walk, or on at most {@link #KD_TREE_COLS} columns the exact k-d tree search.
     */
    public KnnGraph query(FloatMatrix rows, int k) {
        Contamination.requireWidth(rows, reference.cols());
        if (approximate() && reference.cols() <= KD_TREE_COLS) {
            return tree().query(rows, k, threads, Progress.NONE);
        }
        if (approximate()) {
            return index().query(rows, k, Progress.NONE);
        }
        return new ExactKnn(k, Metric.EUCLIDEAN, threads).query(reference, rows, Progress.NONE);
    }

    /** Records the kind and id in {@code manifest} and writes the search graph to {@code dir/search}. */
    public void save(Path dir, ObjectNode manifest) throws IOException {
        manifest.put("neighbours", approximate() ? "graph" : "exact");
        manifest.put("neighbours_id", id);
        if (approximate()) {
            index().save(dir.resolve("search"));
        }
    }

    /** The source a model saved with {@link #save} (or before it existed: exact) over {@code reference}. */
    public static Neighbours load(Path dir, JsonNode manifest, FloatMatrix reference, int threads)
            throws IOException {
        String kind = manifest.path("neighbours").asText("exact");
        String id = manifest.path("neighbours_id").asText(UUID.randomUUID().toString());
        return switch (kind) {
            case "exact" -> new Neighbours(reference, null, null, threads, id);
            case "graph" -> {
                if (!Files.isRegularFile(dir.resolve("search").resolve(ModelStore.MANIFEST))) {
                    throw new DescryException(dir + ": the search index search/ is missing");
                }
                yield new Neighbours(reference, null, dir.resolve("search"), threads, id);
            }
            default -> throw new DescryException(dir + ": neighbours must be exact or graph, got '" + kind + "'");
        };
    }
}
