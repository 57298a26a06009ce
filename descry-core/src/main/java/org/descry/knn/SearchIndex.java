package org.descry.knn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;
import org.descry.linalg.Kernels;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A prepared {@link GraphSearch}: the reference rows, the diversified search graph in CSR form and the search
 * tree. Immutable and safe to query from several threads.
 *
 * <p>As PyNNDescent does, the search works on a copy of the rows (and of the graph) renumbered in the order of
 * the tree's leaves, so that rows near in space lie near in memory: a search reads a few hundred rows in one
 * region, and on 416,314 x 250 rows (416 MB, far beyond the caches) it is bound by memory latency, not by
 * arithmetic. The copy costs one more {@code n x d} floats; answers use the original row numbers.
 *
 * <p>Saved as a folder ({@link ModelStore}: {@code model.json} of kind {@value #KIND}, the search graph as int32
 * {@code search_indptr.npy} and {@code search_indices.npy}); the reference rows are not saved here (the owner
 * saves them once), and the tree is rebuilt from the rows and the seed when loading (one pass over the rows per
 * level, well under a second at 416,314 x 250), so a loaded index answers exactly as the saved one.
 */
public final class SearchIndex {

    static final String KIND = "knn-search-index";
    private static final int QUERIES_PER_TASK = 256;
    private static final int ROWS_PER_TASK = 1024;
    /**
     * The walk's ranking key: {@link Kernels#squaredDistanceTreeSum}, one pair per call, where
     * {@link Kernels#squaredDistance}'s chained lane sum cost more than the rest of a visit.
     */
    private static final Kernels KERNELS = Kernels.best().withThreads(1);

    private final GraphSearch config;
    private final FloatMatrix reference;
    /** The rows in search order ({@link #order}), so that rows near in space are near in memory. */
    private final float[] data;
    /** Search position {@code p} holds reference row {@code order[p]}: the leaves of the tree, left to right. */
    private final int[] order;
    private final int[] searchIndptr;
    private final int[] searchAdjacency;
    private final int n;
    private final int d;
    private final int graphK;
    private final int[] indptr;
    private final int[] adjacency;
    private final RpTree tree;
    private final Provenance provenance;

    private SearchIndex(GraphSearch config, FloatMatrix reference, int graphK, int[] indptr, int[] adjacency,
            Provenance provenance, RpTree tree) {
        this.config = config;
        this.reference = reference;
        this.n = reference.rows();
        this.d = reference.cols();
        this.graphK = graphK;
        this.indptr = indptr;
        this.adjacency = adjacency;
        this.tree = tree;
        this.provenance = provenance;
        this.order = tree.order;
        int[] rank = new int[n];
        for (int p = 0; p < n; p++) {
            rank[order[p]] = p;
        }
        float[] rows = reference.heapArray();
        this.data = new float[n * d];
        this.searchIndptr = new int[n + 1];
        this.searchAdjacency = new int[adjacency.length];
        for (int p = 0; p < n; p++) {
            int old = order[p];
            System.arraycopy(rows, old * d, data, p * d, d);
            int from = indptr[old];
            int len = indptr[old + 1] - from;
            int at = searchIndptr[p];
            for (int e = 0; e < len; e++) {
                searchAdjacency[at + e] = rank[adjacency[from + e]];
            }
            searchIndptr[p + 1] = at + len;
        }
    }

    /** An index over {@code reference} (a whole heap array), building its tree. */
    private static SearchIndex create(GraphSearch config, FloatMatrix reference, int graphK, int[] indptr,
            int[] adjacency, Provenance provenance) {
        RpTree tree = RpTree.searchable(reference.heapArray(), reference.rows(), reference.cols(),
                config.resolvedLeafSize(graphK), config.seed(), Kernels.best().withThreads(1));
        return new SearchIndex(config, reference, graphK, indptr, adjacency, provenance, tree);
    }

    /** {@code x} itself when it is a whole heap array, else a heap copy. */
    private static FloatMatrix onHeap(FloatMatrix x) {
        return x.heapArray() != null ? x : FloatMatrix.wrap(x.toArray(), x.rows(), x.cols());
    }

    public GraphSearch config() {
        return config;
    }

    /** The reference rows (the matrix given, not a copy). */
    public FloatMatrix reference() {
        return reference;
    }

    /** Neighbours per row of the graph the index was prepared from. */
    public int graphK() {
        return graphK;
    }

    /** Edges of the search graph. */
    public long edges() {
        return adjacency.length;
    }

    public Provenance provenance() {
        return provenance;
    }

    static SearchIndex build(GraphSearch config, FloatMatrix reference, KnnGraph graph) {
        if (!graph.selfExcluded() || graph.rows() != reference.rows()) {
            throw new IllegalArgumentException("graph must be the self graph of the " + reference.rows()
                    + " reference rows, got " + graph);
        }
        if (graph.metric() != Metric.EUCLIDEAN) {
            throw new IllegalArgumentException("graph search supports Euclidean graphs, got " + graph.metric());
        }
        Inputs.requireFinite(reference, "reference");
        FloatMatrix rows = onHeap(reference);
        int[] csr = Preparation.searchGraph(config, rows.heapArray(), rows.cols(), graph);
        int n = reference.rows();
        int[] indptr = Arrays.copyOf(csr, n + 1);
        int[] adjacency = Arrays.copyOfRange(csr, n + 1, csr.length);
        Map<String, Object> p = Map.of("epsilon", config.epsilon(), "degree_multiplier", config.degreeMultiplier(),
                "leaf_size", config.resolvedLeafSize(graph.k()), "graph", graph.exact() ? "exact" : "approximate",
                "graph_k", graph.k());
        return create(config, rows, graph.k(), indptr, adjacency, Provenance.of("graph-search-index", p, config.seed(),
                        n + " x " + reference.cols()));
    }

    /**
     * The {@code k} approximate nearest reference rows of each query row (new points: nothing left out), as a
     * query graph ({@link KnnGraph#exact()} false), rows sorted by (distance, index). The walk keeps
     * {@code max(k, graphK)} rows (HNSW's {@code ef} of at least the graph's degree), so a query for fewer
     * neighbours than the graph has is as thorough as one for all of them: on 20,000 rows of 32-dimensional
     * Gaussian clusters and a 50-NN graph, recall@20 rose from 0.94 (keeping 20) to that of recall@50, 0.985.
     */
    public KnnGraph query(FloatMatrix queries, int k, Progress progress) {
        if (k < 1 || k > n) {
            throw new DescryException("k must be in [1, reference rows = " + n + "], got " + k);
        }
        if (queries.cols() != d) {
            throw new DescryException("queries have " + queries.cols() + " columns, the reference rows " + d);
        }
        Inputs.requireFinite(queries, "queries");
        int m = queries.rows();
        int[] indices = new int[m * k];
        float[] distances = new float[m * k];
        int tasks = (m + QUERIES_PER_TASK - 1) / QUERIES_PER_TASK;
        Walker[] walkers = new Walker[Workers.workers(config.threads(), tasks)];
        AtomicLong done = new AtomicLong();
        AtomicLong measured = new AtomicLong();
        int[] leaf = leaves(queries);
        int[] byLeaf = leafOrder(leaf);
        Workers.forEach(config.threads(), tasks, (w, t) -> {
            if (walkers[w] == null) {
                walkers[w] = new Walker(Math.max(k, graphK));
            }
            Walker walker = walkers[w];
            int q0 = t * QUERIES_PER_TASK;
            int q1 = Math.min(m, q0 + QUERIES_PER_TASK);
            float[] row = new float[d];
            long count = 0;
            for (int p = q0; p < q1; p++) {
                int q = byLeaf[p];
                queries.copyRow(q, row, 0);
                count += walker.search(row, 0, q, leaf[q], k, indices, distances, q * k);
            }
            measured.addAndGet(count);
            progress.step(done.addAndGet(q1 - q0), m);
        });
        Map<String, Object> p = Map.of("k", k, "epsilon", config.epsilon(), "distances_per_query",
                m == 0 ? 0 : measured.get() / (double) m);
        return new KnnGraph(m, n, k, indices, distances, Metric.EUCLIDEAN, false, false,
                Provenance.of("graph-search", p, config.seed(), m + " queries x " + n + " references, " + d
                        + " columns"));
    }

    /** The tree leaf each query row falls in. */
    private int[] leaves(FloatMatrix queries) {
        int m = queries.rows();
        int[] leaf = new int[m];
        int tasks = (m + QUERIES_PER_TASK - 1) / QUERIES_PER_TASK;
        Workers.forEach(config.threads(), tasks, t -> {
            Kernels kernels = Kernels.best().withThreads(1);
            float[] row = new float[d];
            for (int q = t * QUERIES_PER_TASK; q < Math.min(m, (t + 1) * QUERIES_PER_TASK); q++) {
                queries.copyRow(q, row, 0);
                leaf[q] = tree.leaf(row, 0, kernels);
            }
        });
        return leaf;
    }

    /**
     * The query rows ordered by the tree leaf they fall in: consecutive queries then walk the same region of the
     * (leaf-ordered) rows, which stay in cache. Each query's answer does not depend on the order.
     */
    private int[] leafOrder(int[] leaf) {
        int m = leaf.length;
        int[] start = new int[tree.leaves() + 1];
        for (int l : leaf) {
            start[l + 1]++;
        }
        for (int l = 0; l < tree.leaves(); l++) {
            start[l + 1] += start[l];
        }
        int[] out = new int[m];
        for (int q = 0; q < m; q++) {
            out[start[leaf[q]]++] = q;
        }
        return out;
    }

    /** Writes the search graph and the settings into {@code dir} (the reference rows are the caller's). */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        NumpyWriter.writeNpy(dir.resolve("search_indptr.npy"), indptr, 1, indptr.length);
        NumpyWriter.writeNpy(dir.resolve("search_indices.npy"), adjacency, 1, adjacency.length);
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("rows", n);
        m.put("cols", d);
        m.put("graph_k", graphK);
        m.put("epsilon", config.epsilon());
        m.put("degree_multiplier", config.degreeMultiplier());
        m.put("leaf_size", config.leafSize());
        m.put("seed", config.seed());
        m.put("threads", config.threads());
        ModelStore.writeManifest(dir, m);
    }

    /** Reads an index written by {@link #save} over the same {@code reference} rows. */
    public static SearchIndex load(Path dir, FloatMatrix reference) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        int n = m.path("rows").asInt(-1);
        if (n != reference.rows() || m.path("cols").asInt(-1) != reference.cols()) {
            throw new DescryException(dir + ": the search index is over " + n + " x " + m.path("cols").asInt()
                    + " rows, the reference has " + reference.rows() + " x " + reference.cols());
        }
        GraphSearch config;
        try {
            config = new GraphSearch(m.path("epsilon").asDouble(), m.path("degree_multiplier").asDouble(),
                    m.path("leaf_size").asInt(), m.path("seed").asLong(), Math.max(1, m.path("threads").asInt(1)));
        } catch (IllegalArgumentException e) {
            throw new DescryException(dir + ": " + e.getMessage());
        }
        int graphK = m.path("graph_k").asInt();
        int[] indptr = ints(dir.resolve("search_indptr.npy"));
        int[] adjacency = ints(dir.resolve("search_indices.npy"));
        if (indptr.length != n + 1 || indptr[0] != 0 || indptr[n] != adjacency.length || graphK < 1) {
            throw new DescryException(dir + ": search_indptr.npy does not describe " + n + " rows of "
                    + "search_indices.npy");
        }
        for (int i = 0; i < n; i++) {
            if (indptr[i + 1] < indptr[i]) {
                throw new DescryException(dir + ": search_indptr.npy decreases at row " + i);
            }
        }
        for (int j : adjacency) {
            if (j < 0 || j >= n) {
                throw new DescryException(dir + ": search_indices.npy holds " + j + ", outside [0, " + n + ")");
            }
        }
        return create(config, onHeap(reference), graphK, indptr, adjacency, ModelStore.provenance(m));
    }

    /** The same index with another epsilon or thread count (the graph and tree are shared). */
    public SearchIndex with(GraphSearch other) {
        if (other.degreeMultiplier() != config.degreeMultiplier() || other.leafSize() != config.leafSize()
                || other.seed() != config.seed()) {
            throw new IllegalArgumentException("only epsilon and threads can change on a prepared index");
        }
        return new SearchIndex(other, reference, graphK, indptr, adjacency, provenance, tree);
    }

    private static int[] ints(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DescryException(file.getParent() + ": model file " + file.getFileName() + " is missing");
        }
        NumpyArray a = NumpyReader.read(file);
        int[] out = new int[Math.toIntExact(a.size())];
        int c = a.cols();
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) a.get(i / c, i % c);
        }
        return out;
    }

    /** One worker's search state, reused across its queries. */
    private final class Walker {
        private final int k;
        /** {@code visited[j] == stamp}: row {@code j} was measured for the current query. */
        private final int[] visited = new int[n];
        private int stamp;
        private final float[] resultKey;
        private final int[] resultIndex;
        private int resultSize;
        private float[] candidateKey = new float[256];
        private int[] candidateIndex = new int[256];
        private int candidateSize;
        private final float[] exact;

        Walker(int k) {
            this.k = k;
            this.resultKey = new float[k];
            this.resultIndex = new int[k];
            this.exact = new float[k];
        }

        /**
         * Searches query {@code q} (row at {@code qo} of {@code rows}, in tree leaf {@code leaf}); returns how many
         * rows were measured.
         */
        long search(float[] rows, int qo, int q, int leaf, int wanted, int[] outIndex, float[] outDist, int outOff) {
            if (++stamp == 0) {
                Arrays.fill(visited, 0);
                stamp = 1;
            }
            resultSize = 0;
            candidateSize = 0;
            long measured = 0;
            for (int p = tree.leafStart[leaf]; p < tree.leafStart[leaf + 1]; p++) {
                measured += visit(rows, qo, p, Float.POSITIVE_INFINITY);
            }
            if (resultSize < k) {
                SplittableRandom random = new SplittableRandom(NnDescentRun.mix(config.seed() ^ NnDescentRun.mix(q)));
                while (resultSize < k) {
                    int j = random.nextInt(n);
                    if (visited[j] != stamp) {
                        measured += visit(rows, qo, j, Float.POSITIVE_INFINITY);
                    }
                }
            }
            float scale = (float) (1 + config.epsilon());
            float bound = scale * resultKey[0];
            while (candidateSize > 0) {
                float key = candidateKey[0];
                int c = candidateIndex[0];
                if (key >= bound) {
                    break;
                }
                popCandidate();
                for (int e = searchIndptr[c]; e < searchIndptr[c + 1]; e++) {
                    int j = searchAdjacency[e];
                    if (visited[j] != stamp) {
                        measured += visit(rows, qo, j, bound);
                        bound = resultSize == k ? scale * resultKey[0] : Float.POSITIVE_INFINITY;
                    }
                }
            }
            finish(rows, qo, wanted, outIndex, outDist, outOff);
            return measured;
        }

        /** Measures row {@code j}; keeps it as a result and candidate when under {@code bound}. */
        private int visit(float[] rows, int qo, int j, float bound) {
            visited[j] = stamp;
            float key = KERNELS.squaredDistanceTreeSum(rows, qo, data, j * d, d);
            if (key >= bound) {
                return 1;
            }
            if (resultSize < k) {
                pushResult(key, j);
            } else if (key < resultKey[0] || (key == resultKey[0] && j < resultIndex[0])) {
                replaceResult(key, j);
            } else {
                return 1;
            }
            pushCandidate(key, j);
            return 1;
        }

        private boolean worse(float ka, int ia, float kb, int ib) {
            return ka > kb || (ka == kb && ia > ib);
        }

        private void pushResult(float key, int j) {
            int pos = resultSize++;
            while (pos > 0) {
                int parent = (pos - 1) >>> 1;
                if (!worse(key, j, resultKey[parent], resultIndex[parent])) {
                    break;
                }
                resultKey[pos] = resultKey[parent];
                resultIndex[pos] = resultIndex[parent];
                pos = parent;
            }
            resultKey[pos] = key;
            resultIndex[pos] = j;
        }

        private void replaceResult(float key, int j) {
            int pos = 0;
            while (true) {
                int child = 2 * pos + 1;
                if (child >= k) {
                    break;
                }
                if (child + 1 < k && worse(resultKey[child + 1], resultIndex[child + 1], resultKey[child],
                        resultIndex[child])) {
                    child++;
                }
                if (!worse(resultKey[child], resultIndex[child], key, j)) {
                    break;
                }
                resultKey[pos] = resultKey[child];
                resultIndex[pos] = resultIndex[child];
                pos = child;
            }
            resultKey[pos] = key;
            resultIndex[pos] = j;
        }

        private void pushCandidate(float key, int j) {
            if (candidateSize == candidateKey.length) {
                candidateKey = Arrays.copyOf(candidateKey, candidateSize * 2);
                candidateIndex = Arrays.copyOf(candidateIndex, candidateSize * 2);
            }
            int pos = candidateSize++;
            while (pos > 0) {
                int parent = (pos - 1) >>> 1;
                if (candidateKey[parent] <= key) {
                    break;
                }
                candidateKey[pos] = candidateKey[parent];
                candidateIndex[pos] = candidateIndex[parent];
                pos = parent;
            }
            candidateKey[pos] = key;
            candidateIndex[pos] = j;
        }

        private void popCandidate() {
            float key = candidateKey[--candidateSize];
            int j = candidateIndex[candidateSize];
            int pos = 0;
            while (true) {
                int child = 2 * pos + 1;
                if (child >= candidateSize) {
                    break;
                }
                if (child + 1 < candidateSize && candidateKey[child + 1] < candidateKey[child]) {
                    child++;
                }
                if (candidateKey[child] >= key) {
                    break;
                }
                candidateKey[pos] = candidateKey[child];
                candidateIndex[pos] = candidateIndex[child];
                pos = child;
            }
            candidateKey[pos] = key;
            candidateIndex[pos] = j;
        }

        /** The results' distances recomputed in double, sorted by (distance, index). */
        private void finish(float[] rows, int qo, int wanted, int[] outIndex, float[] outDist, int outOff) {
            for (int c = 0; c < k; c++) {
                exact[c] = (float) Metric.EUCLIDEAN.exact(rows, qo, data, resultIndex[c] * d, d);
                resultIndex[c] = order[resultIndex[c]];
            }
            for (int c = 1; c < k; c++) {
                float e = exact[c];
                int j = resultIndex[c];
                int p = c - 1;
                while (p >= 0 && (exact[p] > e || (exact[p] == e && resultIndex[p] > j))) {
                    exact[p + 1] = exact[p];
                    resultIndex[p + 1] = resultIndex[p];
                    p--;
                }
                exact[p + 1] = e;
                resultIndex[p + 1] = j;
            }
            System.arraycopy(resultIndex, 0, outIndex, outOff, wanted);
            System.arraycopy(exact, 0, outDist, outOff, wanted);
        }
    }

    /** Building the diversified search graph from a {@code k}-NN graph (PyNNDescent's {@code prepare}). */
    private static final class Preparation {

        /**
         * The search graph as one array: {@code indptr} ({@code n + 1} values) followed by the neighbour
         * indices, each row's by increasing distance.
         */
        static int[] searchGraph(GraphSearch config, float[] data, int d, KnnGraph graph) {
            int n = graph.rows();
            int k = graph.k();
            int[] gi = graph.indices();
            float[] gd = graph.distances();
            int[] keptCount = new int[n];
            int[] kept = new int[n * k];
            float[] keptDist = new float[n * k];
            int threads = config.threads();
            int tasks = (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
            Kernels kernels = Kernels.best().withThreads(1);
            Workers.forEach(threads, tasks, t -> {
                for (int i = t * ROWS_PER_TASK; i < Math.min(n, (t + 1) * ROWS_PER_TASK); i++) {
                    keptCount[i] = diversify(data, d, gi, gd, i * k, k, kept, keptDist, i * k, kernels);
                }
            });
            // reverse edges of the kept ones, grouped by target, then diversified in turn
            int[] rptr = new int[n + 1];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < keptCount[i]; c++) {
                    rptr[kept[i * k + c] + 1]++;
                }
            }
            for (int i = 0; i < n; i++) {
                rptr[i + 1] += rptr[i];
            }
            int[] rIdx = new int[rptr[n]];
            float[] rDist = new float[rptr[n]];
            int[] fill = Arrays.copyOf(rptr, n);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < keptCount[i]; c++) {
                    int j = kept[i * k + c];
                    rIdx[fill[j]] = i;
                    rDist[fill[j]++] = keptDist[i * k + c];
                }
            }
            int maxDegree = config.maxDegree(k);
            int[] rKeptCount = new int[n];
            int[] rKept = new int[rIdx.length];
            float[] rKeptDist = new float[rIdx.length];
            int[] degree = new int[n];
            Workers.forEach(threads, tasks, t -> {
                long[] keys = new long[0];
                for (int i = t * ROWS_PER_TASK; i < Math.min(n, (t + 1) * ROWS_PER_TASK); i++) {
                    int from = rptr[i];
                    int len = rptr[i + 1] - from;
                    if (keys.length < len) {
                        keys = new long[Math.max(len, 2 * keys.length)];
                    }
                    for (int p = 0; p < len; p++) {
                        keys[p] = key(rDist[from + p], rIdx[from + p]);
                    }
                    Arrays.sort(keys, 0, len);
                    for (int p = 0; p < len; p++) {
                        rIdx[from + p] = (int) keys[p];
                        rDist[from + p] = Float.intBitsToFloat((int) (keys[p] >>> 32));
                    }
                    rKeptCount[i] = diversify(data, d, rIdx, rDist, from, len, rKept, rKeptDist, from, kernels);
                    degree[i] = Math.min(maxDegree, keptCount[i] + rKeptCount[i]);
                }
            });
            int[] out = new int[n + 1 + Arrays.stream(degree).asLongStream().mapToInt(Math::toIntExact).sum()];
            for (int i = 0; i < n; i++) {
                out[i + 1] = out[i] + degree[i];
            }
            Workers.forEach(threads, tasks, t -> {
                long[] keys = new long[0];
                for (int i = t * ROWS_PER_TASK; i < Math.min(n, (t + 1) * ROWS_PER_TASK); i++) {
                    int len = keptCount[i] + rKeptCount[i];
                    if (keys.length < len) {
                        keys = new long[Math.max(len, 2 * keys.length)];
                    }
                    for (int c = 0; c < keptCount[i]; c++) {
                        keys[c] = key(keptDist[i * k + c], kept[i * k + c]);
                    }
                    for (int c = 0; c < rKeptCount[i]; c++) {
                        keys[keptCount[i] + c] = key(rKeptDist[rptr[i] + c], rKept[rptr[i] + c]);
                    }
                    Arrays.sort(keys, 0, len);
                    int at = n + 1 + out[i];
                    int written = 0;
                    long last = -1;
                    for (int p = 0; p < len && written < degree[i]; p++) {
                        if (keys[p] != last) {
                            out[at + written++] = (int) keys[p];
                            last = keys[p];
                        }
                    }
                    // a duplicate (an edge kept both ways) leaves a slot: repeat the last neighbour, harmless
                    for (; written < degree[i]; written++) {
                        out[at + written] = out[at + written - 1];
                    }
                }
            });
            return out;
        }

        /** Sorts by distance (non-negative floats order as their bits), then index. */
        private static long key(float dist, int j) {
            return ((long) Float.floatToIntBits(dist) << 32) | (j & 0xffffffffL);
        }

        /**
         * Keeps the neighbours {@code idx[from..from+len)} (by increasing distance {@code dist}) of row {@code i}
         * that no kept nearer neighbour is closer to; writes them at {@code outIdx[outFrom..]} and returns how many.
         */
        private static int diversify(float[] data, int d, int[] idx, float[] dist, int from, int len, int[] outIdx,
                float[] outDist, int outFrom, Kernels kernels) {
            int count = 0;
            for (int p = 0; p < len; p++) {
                int j = idx[from + p];
                float dj = dist[from + p];
                float dj2 = dj * dj;
                boolean keep = true;
                for (int c = 0; c < count && keep; c++) {
                    keep = kernels.squaredDistance(data, outIdx[outFrom + c] * d, data, j * d, d) >= dj2;
                }
                if (keep) {
                    outIdx[outFrom + count] = j;
                    outDist[outFrom + count] = dj;
                    count++;
                }
            }
            return count;
        }
    }
}
