package org.descry.knn;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.linalg.Kernels;
import org.descry.model.Provenance;

/**
 * Exact {@code k} nearest neighbours by blocked brute force: scikit-learn's {@code NearestNeighbors(
 * algorithm="brute")}. Blocks of query rows are multiplied with blocks of reference rows through
 * {@link Kernels#multiplyTransposed(FloatMatrix, int, int, FloatMatrix, int, int, float[])} into one reused tile
 * per worker, each entry turned into the ranking key {@code ||r||² - 2 q·r} (Euclidean, on rows centred on the
 * reference mean; {@code ||q||²} is the same along a row) or {@code -q̂·r̂} (cosine, on unit rows), and each
 * query row keeps its best candidates in a bounded max-heap (the tile is scanned a vector at a time, and only
 * vectors holding a key below the worst kept one are looked at entry by entry). Workers take query blocks; each
 * query row is searched by one worker from the first reference row to the last, so the result does not depend on
 * the thread count.
 *
 * <p><b>Numerical care.</b> The expansion loses accuracy where distances are small next to the squared norms.
 * Centring removes the offset of data far from the origin; beyond that, the heap keeps {@code k + max(k, 8)}
 * candidates, not {@code k}, their distances are recomputed from the original rows in double
 * ({@link Metric#exact}) and rounded to float, and the {@code k} nearest by that value, ties by index, are kept.
 * A true neighbour is lost only if more than {@code max(k, 8)} other rows lie within a few float roundings of
 * the centred squared norm of it; among such rows the choice is a tie at float precision anyway. scikit-learn
 * (1.2.1, brute force) ranks by the same expansion on uncentred rows and returns the distances it ranked by, so
 * the two can order near-equal neighbours differently (the fixture tests allow exactly that).
 *
 * @param k       neighbours per row, {@code >= 1}; at fit time at most {@code n - 1}
 * @param metric  Euclidean or cosine distance
 * @param threads worker threads, {@code >= 1}
 */
public record ExactKnn(int k, Metric metric, int threads) {

    static final int QUERY_BLOCK = 256;
    static final int REFERENCE_BLOCK = 2048;
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    public ExactKnn {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        Objects.requireNonNull(metric, "metric");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** {@code k} Euclidean neighbours on all processors. */
    public static ExactKnn of(int k) {
        return new ExactKnn(k, Metric.EUCLIDEAN, Workers.defaultThreads());
    }

    public ExactKnn withMetric(Metric metric) {
        return new ExactKnn(k, metric, threads);
    }

    public ExactKnn withThreads(int threads) {
        return new ExactKnn(k, metric, threads);
    }

    /** The {@code k}-NN graph of the rows of {@code x}, each row's own index left out. */
    public KnnGraph fit(FloatMatrix x, Progress progress) {
        return fit(x, x.rows() + " x " + x.cols(), progress);
    }

    /** As {@link #fit(FloatMatrix, Progress)}, recording {@code input} (what {@code x} is) in the provenance. */
    public KnnGraph fit(FloatMatrix x, String input, Progress progress) {
        checkSelfK(k, x.rows());
        Inputs.requireFinite(x, "x");
        int[] self = new int[x.rows()];
        for (int i = 0; i < self.length; i++) {
            self[i] = i;
        }
        Result r = search(x, x, self, k, metric, threads, progress);
        return new KnnGraph(x.rows(), x.rows(), k, r.indices, r.distances, metric, true, true, provenance(input));
    }

    /**
     * The {@code k} nearest rows of {@code reference} to each row of {@code queries} (new points: nothing is left
     * out, a query equal to a reference row finds it at distance 0), as {@code NearestNeighbors.fit(reference)
     * .kneighbors(queries)}.
     */
    public KnnGraph query(FloatMatrix reference, FloatMatrix queries, Progress progress) {
        if (k > reference.rows()) {
            throw new DescryException("k must be in [1, reference rows = " + reference.rows() + "], got " + k);
        }
        if (queries.cols() != reference.cols()) {
            throw new DescryException("queries have " + queries.cols() + " columns, the reference rows "
                    + reference.cols());
        }
        Inputs.requireFinite(reference, "reference");
        Inputs.requireFinite(queries, "queries");
        Result r = search(reference, queries, null, k, metric, threads, progress);
        return new KnnGraph(queries.rows(), reference.rows(), k, r.indices, r.distances, metric, true, false,
                provenance(queries.rows() + " queries x " + reference.rows() + " references, " + reference.cols()
                        + " columns"));
    }

    /** {@code ExactKnn.of(k).query(reference, queries, Progress.NONE)}. */
    public static KnnGraph query(FloatMatrix reference, FloatMatrix queries, int k) {
        return of(k).query(reference, queries, Progress.NONE);
    }

    private Provenance provenance(String input) {
        return Provenance.of("exact-knn", Map.of("k", k, "metric", metric.toString()), 0, input);
    }

    /** The check of a self graph's {@code k}: scikit-learn's {@code kneighbors()} allows up to {@code n - 1}. */
    static void checkSelfK(int k, int n) {
        if (k < 1 || k > n - 1) {
            throw new DescryException("k must be in [1, n - 1 = " + (n - 1) + "] (a row is not its own neighbour), "
                    + "got k=" + k + " for n=" + n + " rows");
        }
    }

    record Result(int[] indices, float[] distances) {}

    /**
     * The search behind {@link #fit} and {@link #query}; {@code self[i]}, when {@code self} is not null, is the
     * reference row that query {@code i} must not list (its own index).
     */
    static Result search(FloatMatrix reference, FloatMatrix queries, int[] self, int k, Metric metric, int threads,
            Progress progress) {
        return search(reference, queries, self, k, metric, threads, progress, Prepared.WHOLE_LIMIT_FLOATS);
    }

    /** As above, preparing the whole reference set at once only up to {@code wholeLimitFloats} floats. */
    static Result search(FloatMatrix reference, FloatMatrix queries, int[] self, int k, Metric metric, int threads,
            Progress progress, long wholeLimitFloats) {
        int n = queries.rows();
        int m = reference.rows();
        int d = reference.cols();
        int candidates = Math.min(m - (self == null ? 0 : 1), k + Math.max(k, 8));
        Kernels kernels = Kernels.best().withThreads(1);
        Prepared prep = Prepared.of(reference, metric, threads, kernels);
        FloatMatrix whole = prep.wholeReference(reference, threads, wholeLimitFloats);
        int[] indices = new int[n * k];
        float[] distances = new float[n * k];
        int tasks = (n + QUERY_BLOCK - 1) / QUERY_BLOCK;
        Scratch[] scratch = new Scratch[Workers.workers(threads, tasks)];
        AtomicLong done = new AtomicLong();
        Workers.forEach(threads, tasks, (w, t) -> {
            if (scratch[w] == null) {
                scratch[w] = new Scratch(d, candidates);
            }
            Scratch s = scratch[w];
            int q0 = t * QUERY_BLOCK;
            int q1 = Math.min(n, q0 + QUERY_BLOCK);
            s.clear(q1 - q0);
            queries.copyRows(q0, q1, s.queryRows, 0);
            prep.prepareQueries(s.queryRows, q1 - q0, s.queryBlock);
            for (int r0 = 0; r0 < m; r0 += REFERENCE_BLOCK) {
                int r1 = Math.min(m, r0 + REFERENCE_BLOCK);
                int width = r1 - r0;
                if (whole != null) {
                    kernels.multiplyTransposed(s.queryMatrix, 0, q1 - q0, whole, r0, r1, s.tile);
                } else {
                    prep.prepareReferences(reference, r0, r1, s.referenceBlock);
                    kernels.multiplyTransposed(s.queryMatrix, 0, q1 - q0, s.referenceMatrix, 0, width, s.tile);
                }
                for (int q = 0; q < q1 - q0; q++) {
                    s.scan(q, s.tile, q * width, width, prep.norms, r0, self == null ? -1 : self[q0 + q]);
                }
            }
            for (int q = 0; q < q1 - q0; q++) {
                s.finish(q, s.queryRows, q * d, reference, metric, indices, distances, (q0 + q) * k, k);
            }
            progress.step(done.addAndGet(q1 - q0), n);
        });
        return new Result(indices, distances);
    }

    /**
     * What the product runs on. Euclidean: rows minus the reference column means (distances do not change, and
     * the expansion's rounding, relative to the squared norms, shrinks to the scale of the spread instead of the
     * offset: descriptors far from the origin keep their ranking), with the centred squared norms. Cosine: rows
     * times their inverse norm (0 for a zero row), so the key {@code -q̂·r̂} is {@code cos - 1}, a zero row's 1.
     * Blocks are prepared on the fly, so no full copy of the data is made.
     */
    private record Prepared(Metric metric, float[] mean, float[] inverseNorms, float[] norms, int d) {

        static final long WHOLE_LIMIT_FLOATS = 1L << 26;

        static Prepared of(FloatMatrix reference, Metric metric, int threads, Kernels kernels) {
            int m = reference.rows();
            int d = reference.cols();
            float[] norms = new float[m];
            if (metric == Metric.COSINE) {
                float[] inverse = new float[m];
                rowPass(reference, threads, (buf, from, to) -> {
                    for (int r = from; r < to; r++) {
                        inverse[r] = inverseNorm(buf, (r - from) * d, d);
                    }
                });
                return new Prepared(metric, null, inverse, norms, d);
            }
            double[] meanD = kernels.columnMeans(reference);
            float[] mean = new float[d];
            for (int c = 0; c < d; c++) {
                mean[c] = (float) meanD[c];
            }
            Prepared p = new Prepared(metric, mean, null, norms, d);
            rowPass(reference, threads, (buf, from, to) -> {
                p.centre(buf, to - from);
                for (int r = from; r < to; r++) {
                    int o = (r - from) * d;
                    norms[r] = kernels.dot(buf, o, buf, o, d);
                }
            });
            return p;
        }

        /**
         * The whole prepared reference set when it takes at most {@code limitFloats} floats
         * ({@link #WHOLE_LIMIT_FLOATS}, 256 MB, in use): prepared once instead of once per query block. Larger
         * sets are prepared block by block.
         */
        FloatMatrix wholeReference(FloatMatrix reference, int threads, long limitFloats) {
            if ((long) reference.rows() * d > limitFloats) {
                return null;
            }
            float[] all = new float[reference.rows() * d];
            int block = REFERENCE_BLOCK;
            int tasks = (reference.rows() + block - 1) / block;
            Workers.forEach(threads, tasks, t -> {
                int from = t * block;
                int to = Math.min(reference.rows(), from + block);
                float[] buf = new float[(to - from) * d];
                prepareReferences(reference, from, to, buf);
                System.arraycopy(buf, 0, all, from * d, buf.length);
            });
            return FloatMatrix.wrap(all, reference.rows(), d);
        }

        void prepareQueries(float[] rows, int count, float[] out) {
            System.arraycopy(rows, 0, out, 0, count * d);
            if (metric == Metric.COSINE) {
                for (int r = 0; r < count; r++) {
                    scale(out, r * d, inverseNorm(out, r * d, d));
                }
            } else {
                centre(out, count);
            }
        }

        void prepareReferences(FloatMatrix reference, int from, int to, float[] out) {
            reference.copyRows(from, to, out, 0);
            if (metric == Metric.COSINE) {
                for (int r = from; r < to; r++) {
                    scale(out, (r - from) * d, inverseNorms[r]);
                }
            } else {
                centre(out, to - from);
            }
        }

        private void centre(float[] rows, int count) {
            for (int r = 0; r < count; r++) {
                for (int c = 0; c < d; c++) {
                    rows[r * d + c] -= mean[c];
                }
            }
        }

        private void scale(float[] rows, int off, float a) {
            for (int c = 0; c < d; c++) {
                rows[off + c] *= a;
            }
        }

        private static float inverseNorm(float[] rows, int off, int d) {
            double s = 0;
            for (int c = 0; c < d; c++) {
                s += (double) rows[off + c] * rows[off + c];
            }
            return s > 0 ? (float) (1 / Math.sqrt(s)) : 0f;
        }

        @FunctionalInterface
        interface RowVisitor {
            void visit(float[] buf, int from, int to);
        }

        private static void rowPass(FloatMatrix x, int threads, RowVisitor v) {
            int n = x.rows();
            int block = Math.max(1, (1 << 16) / Math.max(1, x.cols()));
            int tasks = (n + block - 1) / block;
            float[][] bufs = new float[Workers.workers(threads, tasks)][];
            Workers.forEach(threads, tasks, (w, t) -> {
                if (bufs[w] == null) {
                    bufs[w] = new float[block * x.cols()];
                }
                int from = t * block;
                int to = Math.min(n, from + block);
                x.copyRows(from, to, bufs[w], 0);
                v.visit(bufs[w], from, to);
            });
        }
    }

    /**
     * One worker's reused buffers: the product tile, the query rows as given and as prepared, the prepared
     * reference block, and a candidate heap per query row.
     */
    private static final class Scratch {
        final float[] tile = new float[QUERY_BLOCK * REFERENCE_BLOCK];
        final float[] queryRows;
        final float[] queryBlock;
        final float[] referenceBlock;
        final FloatMatrix queryMatrix;
        final FloatMatrix referenceMatrix;
        final float[] referenceRow;
        final int capacity;
        final int[] heapIndex;
        final float[] heapKey;
        final int[] size = new int[QUERY_BLOCK];
        final float[] exact;

        Scratch(int d, int capacity) {
            this.queryRows = new float[QUERY_BLOCK * d];
            this.queryBlock = new float[QUERY_BLOCK * d];
            this.referenceBlock = new float[REFERENCE_BLOCK * d];
            this.queryMatrix = FloatMatrix.wrap(queryBlock, QUERY_BLOCK, d);
            this.referenceMatrix = FloatMatrix.wrap(referenceBlock, REFERENCE_BLOCK, d);
            this.referenceRow = new float[d];
            this.capacity = capacity;
            this.heapIndex = new int[QUERY_BLOCK * capacity];
            this.heapKey = new float[QUERY_BLOCK * capacity];
            this.exact = new float[capacity];
        }

        void clear(int rows) {
            java.util.Arrays.fill(size, 0, rows, 0);
        }

        /**
         * Offers reference rows {@code base .. base + width} to query {@code q}'s heap. Reference rows come in
         * increasing index order, so a key equal to the worst kept one loses the tie and is skipped. Keys are
         * computed a vector at a time and only vectors holding a key below the worst kept one are looked at
         * entry by entry (the same float operations, so the same keys).
         */
        void scan(int q, float[] dots, int off, int width, float[] refNorms, int base, int self) {
            int h = q * capacity;
            float worst = size[q] == capacity ? heapKey[h] : Float.POSITIVE_INFINITY;
            int j = 0;
            for (int end = SPECIES.loopBound(width); j < end; j += SPECIES.length()) {
                FloatVector key = FloatVector.fromArray(SPECIES, refNorms, base + j)
                        .sub(FloatVector.fromArray(SPECIES, dots, off + j).mul(2f));
                if (key.compare(VectorOperators.LT, worst).anyTrue()) {
                    worst = offer(q, h, dots, off, refNorms, base, self, j, j + SPECIES.length(), worst);
                }
            }
            offer(q, h, dots, off, refNorms, base, self, j, width, worst);
        }

        /** The scalar scan of entries {@code [from, to)}; returns the new worst kept key. */
        private float offer(int q, int h, float[] dots, int off, float[] refNorms, int base, int self, int from,
                int to, float worst) {
            int n = size[q];
            for (int j = from; j < to; j++) {
                float key = refNorms[base + j] - 2f * dots[off + j];
                if (key < worst) {
                    int idx = base + j;
                    if (idx == self) {
                        continue;
                    }
                    if (n < capacity) {
                        siftUp(h, n, key, idx);
                        n++;
                        if (n == capacity) {
                            worst = heapKey[h];
                        }
                    } else {
                        siftDown(h, capacity, key, idx);
                        worst = heapKey[h];
                    }
                }
            }
            size[q] = n;
            return worst;
        }

        private boolean above(float ka, int ia, float kb, int ib) {
            return ka > kb || (ka == kb && ia > ib);
        }

        private void siftUp(int h, int pos, float key, int idx) {
            while (pos > 0) {
                int parent = (pos - 1) >>> 1;
                if (!above(key, idx, heapKey[h + parent], heapIndex[h + parent])) {
                    break;
                }
                heapKey[h + pos] = heapKey[h + parent];
                heapIndex[h + pos] = heapIndex[h + parent];
                pos = parent;
            }
            heapKey[h + pos] = key;
            heapIndex[h + pos] = idx;
        }

        /** Replaces the root (the worst candidate) and restores the max-heap order. */
        private void siftDown(int h, int n, float key, int idx) {
            int pos = 0;
            while (true) {
                int child = 2 * pos + 1;
                if (child >= n) {
                    break;
                }
                if (child + 1 < n && above(heapKey[h + child + 1], heapIndex[h + child + 1], heapKey[h + child],
                        heapIndex[h + child])) {
                    child++;
                }
                if (!above(heapKey[h + child], heapIndex[h + child], key, idx)) {
                    break;
                }
                heapKey[h + pos] = heapKey[h + child];
                heapIndex[h + pos] = heapIndex[h + child];
                pos = child;
            }
            heapKey[h + pos] = key;
            heapIndex[h + pos] = idx;
        }

        /** Recomputes the candidates' distances from the rows and writes the {@code k} nearest, sorted. */
        void finish(int q, float[] qRows, int qOff, FloatMatrix reference, Metric metric, int[] outIndex,
                float[] outDist, int outOff, int k) {
            int h = q * capacity;
            int n = size[q];
            int d = referenceRow.length;
            float[] heap = reference.heapArray();
            for (int c = 0; c < n; c++) {
                int j = heapIndex[h + c];
                if (heap != null) {
                    exact[c] = (float) metric.exact(qRows, qOff, heap, j * d, d);
                } else {
                    reference.copyRow(j, referenceRow, 0);
                    exact[c] = (float) metric.exact(qRows, qOff, referenceRow, 0, d);
                }
            }
            for (int c = 1; c < n; c++) {
                float e = exact[c];
                int j = heapIndex[h + c];
                int p = c - 1;
                while (p >= 0 && (exact[p] > e || (exact[p] == e && heapIndex[h + p] > j))) {
                    exact[p + 1] = exact[p];
                    heapIndex[h + p + 1] = heapIndex[h + p];
                    p--;
                }
                exact[p + 1] = e;
                heapIndex[h + p + 1] = j;
            }
            for (int c = 0; c < k; c++) {
                outIndex[outOff + c] = heapIndex[h + c];
                outDist[outOff + c] = exact[c];
            }
        }
    }
}
