package org.descry.knn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.io.AtomicWrite;
import org.descry.io.DType;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * The {@code k} nearest neighbours of each of {@code rows} query rows among {@code cols} reference rows: what
 * scikit-learn's {@code NearestNeighbors.kneighbors} returns, as flat row-major arrays. Row {@code i} lists its
 * neighbours by increasing distance, ties by increasing index. For a graph of a set with itself
 * ({@link #selfExcluded()}, {@code rows == cols}) a row is never its own neighbour, as {@code kneighbors()} with
 * {@code X=None} and {@code kneighbors_graph(X, k, include_self=False)}; an exact duplicate of a row is a
 * neighbour at distance 0 like any other row.
 *
 * <p>On disk a graph is three files: the indices as an int32 {@code rows x k} {@code .npy} ({@code knn.npy}),
 * the distances as a float32 {@code .npy} beside it ({@code knn-distances.npy}) and a small JSON
 * ({@code knn.json}: metric, {@code k}, shape, exact or approximate, provenance), all readable by numpy.
 *
 * <p>Immutable: the accessors return copies or single values.
 */
public final class KnnGraph {

    private static final String FORMAT = "descry-knn";

    private final int rows;
    private final int cols;
    private final int k;
    private final int[] indices;
    private final float[] distances;
    private final Metric metric;
    private final boolean exact;
    private final boolean selfExcluded;
    private final Provenance provenance;

    /**
     * A graph from its arrays (copied). Checks the shape and that every index is in {@code [0, cols)}, and, for a
     * self graph, that no row lists itself.
     */
    public KnnGraph(int rows, int cols, int k, int[] indices, float[] distances, Metric metric, boolean exact,
            boolean selfExcluded, Provenance provenance) {
        if (rows < 0 || cols < 0 || k < 1) {
            throw new IllegalArgumentException("shape must be rows >= 0, cols >= 0, k >= 1, got rows=" + rows
                    + ", cols=" + cols + ", k=" + k);
        }
        if (indices.length != (long) rows * k || distances.length != (long) rows * k) {
            throw new IllegalArgumentException("indices and distances must hold rows * k = " + (long) rows * k
                    + " values, got " + indices.length + " and " + distances.length);
        }
        if (selfExcluded && rows != cols) {
            throw new IllegalArgumentException("a self graph must be square, got rows=" + rows + ", cols=" + cols);
        }
        for (int i = 0; i < indices.length; i++) {
            int j = indices[i];
            if (j < 0 || j >= cols || (selfExcluded && j == i / k)) {
                throw new IllegalArgumentException("row " + i / k + " lists neighbour " + j + ", outside [0, "
                        + cols + ")" + (selfExcluded ? " or itself" : ""));
            }
        }
        this.rows = rows;
        this.cols = cols;
        this.k = k;
        this.indices = indices.clone();
        this.distances = distances.clone();
        this.metric = Objects.requireNonNull(metric, "metric");
        this.exact = exact;
        this.selfExcluded = selfExcluded;
        this.provenance = Objects.requireNonNull(provenance, "provenance");
    }

    /** Number of query rows. */
    public int rows() {
        return rows;
    }

    /** Number of reference rows the indices point into ({@code rows} for a self graph). */
    public int cols() {
        return cols;
    }

    public int k() {
        return k;
    }

    public Metric metric() {
        return metric;
    }

    /** True for a brute-force graph, false for an approximate (NN-descent) one. */
    public boolean exact() {
        return exact;
    }

    /** True for the graph of a set with itself, each row's own index left out. */
    public boolean selfExcluded() {
        return selfExcluded;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** The graph of each row's {@code m} nearest neighbours, the first {@code m} of its {@code k}. */
    public KnnGraph nearest(int m) {
        if (m < 1 || m > k) {
            throw new IllegalArgumentException("m must be in [1, k=" + k + "], got " + m);
        }
        if (m == k) {
            return this;
        }
        int[] idx = new int[rows * m];
        float[] dist = new float[rows * m];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(indices, i * k, idx, i * m, m);
            System.arraycopy(distances, i * k, dist, i * m, m);
        }
        return new KnnGraph(rows, cols, m, idx, dist, metric, exact, selfExcluded, provenance);
    }

    /** The {@code j}-th nearest neighbour of row {@code i} ({@code j < k}). */
    public int neighbour(int i, int j) {
        return indices[slot(i, j)];
    }

    /** Its distance. */
    public float distance(int i, int j) {
        return distances[slot(i, j)];
    }

    /** A copy of the {@code rows x k} neighbour indices, row-major. */
    public int[] indices() {
        return indices.clone();
    }

    /** A copy of the {@code rows x k} distances, row-major. */
    public float[] distances() {
        return distances.clone();
    }

    private int slot(int i, int j) {
        Objects.checkIndex(i, rows);
        Objects.checkIndex(j, k);
        return i * k + j;
    }

    /**
     * scikit-learn's {@code kneighbors_graph(X, k, mode, include_self=False)} (or {@code
     * NearestNeighbors.kneighbors_graph(queries)} for a query graph): a {@code rows x cols} CSR matrix with
     * {@code k} entries per row, in this graph's order (nearest first, not sorted by column, as scikit-learn
     * builds it), holding 1 or the distance.
     */
    public CsrGraph toCsr(CsrGraph.Mode mode) {
        int[] indptr = new int[rows + 1];
        for (int i = 0; i <= rows; i++) {
            indptr[i] = i * k;
        }
        float[] data;
        if (mode == CsrGraph.Mode.CONNECTIVITY) {
            data = new float[indices.length];
            Arrays.fill(data, 1f);
        } else {
            data = distances.clone();
        }
        return new CsrGraph(rows, cols, indptr, indices.clone(), data);
    }

    /** {@link #symmetrized(CsrGraph.Mode)} in connectivity mode: the structure agglomerative clustering takes. */
    public CsrGraph symmetrized() {
        return symmetrized(CsrGraph.Mode.CONNECTIVITY);
    }

    /**
     * The union of the graph and its transpose, {@code A + Aᵀ > 0}: {@code i} and {@code j} are joined when either
     * lists the other. This is what scikit-learn's agglomerative clustering makes of a connectivity matrix
     * ({@code _fix_connectivity} adds the transpose), and the undirected graph density methods walk. Columns
     * are sorted within each row (scipy's canonical form). In {@link CsrGraph.Mode#DISTANCE} mode an edge holds
     * its distance, not the sum of both directions that a literal {@code A + Aᵀ} would give (both directions
     * hold the same value, since each distance is computed symmetrically from the two rows).
     *
     * @throws IllegalStateException for a query graph, which is not square
     */
    public CsrGraph symmetrized(CsrGraph.Mode mode) {
        if (!selfExcluded) {
            throw new IllegalStateException("only the graph of a set with itself can be symmetrized, this one is "
                    + rows + " queries x " + cols + " references");
        }
        int[] count = new int[rows + 1];
        for (int e = 0; e < indices.length; e++) {
            count[e / k + 1]++;
            count[indices[e] + 1]++;
        }
        for (int i = 0; i < rows; i++) {
            count[i + 1] += count[i];
        }
        long[] keys = new long[indices.length * 2];
        int[] fill = Arrays.copyOf(count, rows);
        for (int e = 0; e < indices.length; e++) {
            int i = e / k;
            int j = indices[e];
            int bits = Float.floatToIntBits(distances[e]);
            keys[fill[i]++] = ((long) j << 32) | (bits & 0xffffffffL);
            keys[fill[j]++] = ((long) i << 32) | (bits & 0xffffffffL);
        }
        int[] indptr = new int[rows + 1];
        int[] outIdx = new int[keys.length];
        float[] outData = new float[keys.length];
        int nnz = 0;
        for (int i = 0; i < rows; i++) {
            Arrays.sort(keys, count[i], count[i + 1]);
            int last = -1;
            for (int p = count[i]; p < count[i + 1]; p++) {
                int j = (int) (keys[p] >>> 32);
                if (j != last) {
                    outIdx[nnz] = j;
                    outData[nnz] = mode == CsrGraph.Mode.CONNECTIVITY ? 1f : Float.intBitsToFloat((int) keys[p]);
                    nnz++;
                    last = j;
                }
            }
            indptr[i + 1] = nnz;
        }
        return new CsrGraph(rows, cols, indptr, Arrays.copyOf(outIdx, nnz), Arrays.copyOf(outData, nnz));
    }

    /** {@code knn.npy} gives {@code knn-distances.npy}. */
    public static Path distancesFile(Path indicesFile) {
        return indicesFile.resolveSibling(stem(indicesFile) + "-distances.npy");
    }

    /** {@code knn.npy} gives {@code knn.json}. */
    public static Path metadataFile(Path indicesFile) {
        return indicesFile.resolveSibling(stem(indicesFile) + ".json");
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
    }

    /** Writes the indices to {@code indicesFile} and the distances and JSON beside it, the JSON last. */
    public void save(Path indicesFile) throws IOException {
        Path parent = indicesFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        NumpyWriter.writeNpy(indicesFile, indices, rows, k);
        NumpyWriter.writeNpy(distancesFile(indicesFile), FloatMatrix.wrap(distances, rows, k));
        ObjectNode m = ModelStore.json().createObjectNode();
        m.put("format", FORMAT);
        m.put("format_version", 1);
        m.put("metric", metric.toString());
        m.put("k", k);
        m.put("rows", rows);
        m.put("cols", cols);
        m.put("exact", exact);
        m.put("self_excluded", selfExcluded);
        m.put("indices", indicesFile.getFileName().toString());
        m.put("distances", distancesFile(indicesFile).getFileName().toString());
        m.set("provenance", ModelStore.json().valueToTree(provenance));
        AtomicWrite.writeString(metadataFile(indicesFile), ModelStore.json().writeValueAsString(m));
    }

    /** Reads a graph written by {@link #save}, checking the files agree with each other. */
    public static KnnGraph load(Path indicesFile) throws IOException {
        Path json = metadataFile(indicesFile);
        if (!Files.isRegularFile(json)) {
            throw new DescryException(indicesFile + ": no " + json.getFileName() + " beside it; not a saved graph");
        }
        JsonNode m;
        try {
            m = ModelStore.json().readTree(json.toFile());
        } catch (IOException e) {
            throw new DescryException(json + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!FORMAT.equals(m.path("format").asText()) || m.path("format_version").asInt(-1) != 1) {
            throw new DescryException(json + ": not a Descry neighbour graph (format " + FORMAT + " version 1)");
        }
        int rows = m.path("rows").asInt();
        int k = m.path("k").asInt();
        NumpyArray idx = NumpyReader.read(indicesFile);
        NumpyArray dist = NumpyReader.read(distancesFile(indicesFile));
        for (NumpyArray a : new NumpyArray[] {idx, dist}) {
            if (a.ndim() != 2 || a.rows() != rows || a.cols() != k) {
                throw new DescryException(a.source() + ": shape " + Arrays.toString(a.shape()) + ", " + json.getFileName()
                        + " says " + rows + " x " + k);
            }
        }
        if (idx.dtype() != DType.INT32) {
            throw new DescryException(indicesFile + ": neighbour indices must be int32, got " + idx.dtype());
        }
        float[] d = dist.toFloatMatrix().toArray();
        try {
            return new KnnGraph(rows, m.path("cols").asInt(), k, ints(idx), d, Metric.parse(m.path("metric").asText()),
                    m.path("exact").asBoolean(), m.path("self_excluded").asBoolean(),
                    ModelStore.provenance(m));
        } catch (IllegalArgumentException e) {
            throw new DescryException(indicesFile + ": " + e.getMessage());
        }
    }

    private static int[] ints(NumpyArray a) {
        int n = Math.toIntExact(a.size());
        int[] out = new int[n];
        if (a.byteOrder() == ByteOrder.LITTLE_ENDIAN && !a.fortranOrder()) {
            MemorySegment.copy(a.rawBytes(), ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, out,
                    0, n);
            return out;
        }
        int c = a.cols();
        for (int i = 0; i < n; i++) {
            out[i] = (int) a.get(i / c, i % c);
        }
        return out;
    }

    @Override
    public String toString() {
        return (exact ? "exact " : "approximate ") + metric + " " + k + "-NN graph of " + rows + " rows";
    }
}
