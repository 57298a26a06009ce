package org.descry.knn;

import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.model.Provenance;

/**
 * Exact Euclidean {@code k} nearest neighbours of new rows through a k-d tree (Friedman, Bentley and Finkel
 * 1977), as scikit-learn's {@code KDTree}: each node splits its rows at the median of the column of widest spread
 * until at most {@code leafSize} remain, keeps the bounding box of its rows, and a query visits the nearer child
 * first and skips every node whose box lies no nearer than the {@code k}-th neighbour found so far.
 *
 * <p>Why beside {@link GraphSearch}: on few columns the boxes are tight, so a query measures a couple of thousand
 * rows, read in contiguous leaves ({@link #LEAF_SIZE} rows, scanned a vector of rows at a time) without a visited
 * set or a candidate queue; at 8-9 columns (the outlier model's colour and type sets after PCA) that is as fast as
 * the graph walk or faster, and exact where the walk's recall@50 was 0.993. The boxes lose their pruning power as
 * the columns grow (at 42 columns it was 20 times slower than the walk), so the graph search stays the route for
 * wider rows; measured in {@code descry-bench/README.md}, "Session 5: labelling speed".
 *
 * <p>The answers are those of {@link ExactKnn#query}: the rows are ranked by their float squared distance, ties
 * by index, and the {@code k} kept are re-measured in double ({@link Metric#exact}) and sorted by (distance,
 * index). They can differ from brute force only between rows whose distances are equal at float precision.
 *
 * <p>The rows are copied into leaf order ({@code n x d} floats) so a leaf is one contiguous block.
 *
 * <p>A query keeps its {@code k} best in its own size-counted heap rather than a one-row {@link NeighbourHeaps},
 * which gives the same answers (tried, with reference rows as the tie order) but starts full of empty slots
 * (each of the first {@code k} entries sifts down from the root) and made queries take 8% more CPU at 9 columns
 * (17.9 against 16.5 us; {@code descry-bench/README.md}, "Session 6: tidy").
 */
public final class KdTree {

    /** Default most rows per leaf. */
    public static final int LEAF_SIZE = 48;
    private static final int QUERIES_PER_TASK = 256;
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();

    private final int n;
    private final int d;
    private final float[] data;
    /**
     * The rows again, leaf by leaf column-major: leaf {@code [s, e)}'s column {@code c} at
     * {@code s * d + c * (e - s)}, so a leaf scan measures {@code L} rows per vector step; padded by one vector.
     */
    private final float[] columns;
    /** Leaf position {@code p} holds reference row {@code order[p]}. */
    private final int[] order;
    private final int[] start;
    private final int[] end;
    /** Left child per node, {@code -1} for a leaf; the right child is {@code left + 1}. */
    private final int[] left;
    private final float[] lo;
    private final float[] hi;

    private KdTree(int n, int d, float[] data, int[] order, int[] start, int[] end, int[] left, float[] lo,
            float[] hi) {
        this.n = n;
        this.d = d;
        this.data = data;
        this.columns = new float[n * d + L];
        for (int node = 0; node < start.length; node++) {
            if (left[node] < 0) {
                int len = end[node] - start[node];
                for (int p = start[node]; p < end[node]; p++) {
                    for (int c = 0; c < d; c++) {
                        columns[start[node] * d + c * len + p - start[node]] = data[p * d + c];
                    }
                }
            }
        }
        this.order = order;
        this.start = start;
        this.end = end;
        this.left = left;
        this.lo = lo;
        this.hi = hi;
    }

    /** The tree over the rows of {@code reference} (copied), at most {@code leafSize} rows per leaf. */
    public static KdTree build(FloatMatrix reference, int leafSize) {
        if (leafSize < 1) {
            throw new IllegalArgumentException("leafSize must be >= 1, got " + leafSize);
        }
        if (reference.rows() < 1) {
            throw new IllegalArgumentException("reference must hold at least one row, got 0");
        }
        Inputs.requireFinite(reference, "reference");
        int n = reference.rows();
        int d = reference.cols();
        float[] rows = reference.heapArray() != null ? reference.heapArray() : reference.toArray();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int leaves = 1;
        while ((long) leaves * leafSize < n) {
            leaves *= 2;
        }
        int nodes = 2 * leaves - 1;
        int[] start = new int[nodes];
        int[] end = new int[nodes];
        int[] left = new int[nodes];
        float[] lo = new float[nodes * d];
        float[] hi = new float[nodes * d];
        int count = 1;
        start[0] = 0;
        end[0] = n;
        // nodes are created in breadth-first order, so a node's children come after it
        for (int node = 0; node < count; node++) {
            int s = start[node];
            int e = end[node];
            int widest = 0;
            float spread = -1;
            for (int c = 0; c < d; c++) {
                float mn = Float.POSITIVE_INFINITY;
                float mx = Float.NEGATIVE_INFINITY;
                for (int p = s; p < e; p++) {
                    float v = rows[order[p] * d + c];
                    mn = Math.min(mn, v);
                    mx = Math.max(mx, v);
                }
                lo[node * d + c] = mn;
                hi[node * d + c] = mx;
                if (mx - mn > spread) {
                    spread = mx - mn;
                    widest = c;
                }
            }
            if (e - s <= leafSize || count + 2 > nodes) {
                left[node] = -1;
                continue;
            }
            int mid = (s + e) >>> 1;
            select(rows, d, widest, order, s, e - 1, mid);
            left[node] = count;
            start[count] = s;
            end[count] = mid;
            start[count + 1] = mid;
            end[count + 1] = e;
            count += 2;
        }
        float[] data = new float[n * d];
        for (int p = 0; p < n; p++) {
            System.arraycopy(rows, order[p] * d, data, p * d, d);
        }
        return new KdTree(n, d, data, order, java.util.Arrays.copyOf(start, count), java.util.Arrays.copyOf(end,
                count), java.util.Arrays.copyOf(left, count), java.util.Arrays.copyOf(lo, count * d),
                java.util.Arrays.copyOf(hi, count * d));
    }

    /** Reorders {@code order[from..to]} so that position {@code kth} holds the row of its rank in column {@code c}. */
    private static void select(float[] rows, int d, int c, int[] order, int from, int to, int kth) {
        while (to > from) {
            int a = order[from];
            int b = order[(from + to) >>> 1];
            int z = order[to];
            float va = rows[a * d + c];
            float vb = rows[b * d + c];
            float vz = rows[z * d + c];
            float pivot = Math.max(Math.min(va, vb), Math.min(Math.max(va, vb), vz));
            int i = from;
            int j = to;
            while (i <= j) {
                while (rows[order[i] * d + c] < pivot) {
                    i++;
                }
                while (rows[order[j] * d + c] > pivot) {
                    j--;
                }
                if (i <= j) {
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                    i++;
                    j--;
                }
            }
            if (kth <= j) {
                to = j;
            } else if (kth >= i) {
                from = i;
            } else {
                return;
            }
        }
    }

    /** Reference rows. */
    public int rows() {
        return n;
    }

    /** Columns. */
    public int cols() {
        return d;
    }

    /**
     * The {@code k} nearest reference rows of each query row (new points: nothing left out), exact, as a query
     * graph ({@link KnnGraph#exact()} true), each row sorted by (distance, index).
     */
    public KnnGraph query(FloatMatrix queries, int k, int threads, Progress progress) {
        if (k < 1 || k > n) {
            throw new DescryException("k must be in [1, reference rows = " + n + "], got " + k);
        }
        if (queries.cols() != d) {
            throw new DescryException("queries have " + queries.cols() + " columns, the reference rows " + d);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Inputs.requireFinite(queries, "queries");
        int m = queries.rows();
        int[] indices = new int[m * k];
        float[] distances = new float[m * k];
        int tasks = (m + QUERIES_PER_TASK - 1) / QUERIES_PER_TASK;
        Searcher[] searchers = new Searcher[Workers.workers(threads, tasks)];
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong measured = new java.util.concurrent.atomic.AtomicLong();
        Workers.forEach(threads, tasks, (w, t) -> {
            if (searchers[w] == null) {
                searchers[w] = new Searcher(k);
            }
            Searcher s = searchers[w];
            int q0 = t * QUERIES_PER_TASK;
            int q1 = Math.min(m, q0 + QUERIES_PER_TASK);
            float[] row = new float[d];
            long count = 0;
            for (int q = q0; q < q1; q++) {
                queries.copyRow(q, row, 0);
                count += s.search(row, indices, distances, q * k);
            }
            measured.addAndGet(count);
            progress.step(done.addAndGet(q1 - q0), m);
        });
        Map<String, Object> p = Map.of("k", k, "distances_per_query", m == 0 ? 0 : measured.get() / (double) m);
        return new KnnGraph(m, n, k, indices, distances, Metric.EUCLIDEAN, true, false, Provenance.of("kd-tree", p,
                0, m + " queries x " + n + " references, " + d + " columns"));
    }

    /** One worker's search state, reused across its queries. */
    private final class Searcher {
        private final int k;
        private final float[] heapKey;
        private final int[] heapIndex;
        private int size;
        private int[] stackNode = new int[64];
        private float[] stackBound = new float[64];
        private final float[] exact;
        private final float[] keys = new float[L];

        Searcher(int k) {
            this.k = k;
            this.heapKey = new float[k];
            this.heapIndex = new int[k];
            this.exact = new float[k];
        }

        /**
         * Searches one query row; writes its {@code k} neighbours at {@code off}; returns rows measured. The heap
         * holds leaf positions.
         */
        long search(float[] q, int[] outIndex, float[] outDist, int off) {
            size = 0;
            long measured = 0;
            int top = 0;
            stackNode[top] = 0;
            stackBound[top++] = 0;
            while (top > 0) {
                int node = stackNode[--top];
                float bound = stackBound[top];
                float worst = size == k ? heapKey[0] : Float.POSITIVE_INFINITY;
                if (bound > worst) {
                    continue;
                }
                int l = left[node];
                if (l < 0) {
                    measured += end[node] - start[node];
                    scan(q, start[node], end[node]);
                    continue;
                }
                float bl = boxDistance(q, l);
                float br = boxDistance(q, l + 1);
                if (top + 2 > stackNode.length) {
                    stackNode = java.util.Arrays.copyOf(stackNode, 2 * stackNode.length);
                    stackBound = java.util.Arrays.copyOf(stackBound, 2 * stackBound.length);
                }
                if (bl <= br) {
                    stackNode[top] = l + 1;
                    stackBound[top++] = br;
                    stackNode[top] = l;
                    stackBound[top++] = bl;
                } else {
                    stackNode[top] = l;
                    stackBound[top++] = bl;
                    stackNode[top] = l + 1;
                    stackBound[top++] = br;
                }
            }
            finish(q, outIndex, outDist, off);
            return measured;
        }

        /** Squared distance from {@code q} to the bounding box of {@code node}. */
        private float boxDistance(float[] q, int node) {
            int o = node * d;
            float s = 0;
            for (int c = 0; c < d; c++) {
                float v = q[c];
                float below = lo[o + c] - v;
                float above = v - hi[o + c];
                float gap = Math.max(0, Math.max(below, above));
                s += gap * gap;
            }
            return s;
        }

        /**
         * Measures the rows of the leaf {@code [from, to)}, {@code L} at a time from {@link #columns}, and offers
         * those nearer than the current {@code k}-th to the heap.
         */
        private void scan(float[] q, int from, int to) {
            int len = to - from;
            int base = from * d;
            for (int i = 0; i < len; i += L) {
                FloatVector acc = FloatVector.zero(SPECIES);
                for (int c = 0; c < d; c++) {
                    FloatVector diff = FloatVector.fromArray(SPECIES, columns, base + c * len + i).sub(q[c]);
                    acc = diff.fma(diff, acc);
                }
                float worst = size == k ? heapKey[0] : Float.POSITIVE_INFINITY;
                VectorMask<Float> near = acc.compare(VectorOperators.LE, worst)
                        .and(SPECIES.indexInRange(i, len));
                if (!near.anyTrue()) {
                    continue;
                }
                acc.intoArray(keys, 0);
                long bits = near.toLong();
                while (bits != 0) {
                    int lane = Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    float key = keys[lane];
                    int p = from + i + lane;
                    if (size < k) {
                        push(key, p);
                    } else if (key < heapKey[0] || (key == heapKey[0] && order[p] < order[heapIndex[0]])) {
                        replaceTop(key, p);
                    }
                }
            }
        }

        /** Positions {@code ia}, {@code ib} in leaf order; ties go by reference row. */
        private boolean worse(float ka, int ia, float kb, int ib) {
            return ka > kb || (ka == kb && order[ia] > order[ib]);
        }

        private void push(float key, int j) {
            int pos = size++;
            while (pos > 0) {
                int parent = (pos - 1) >>> 1;
                if (!worse(key, j, heapKey[parent], heapIndex[parent])) {
                    break;
                }
                heapKey[pos] = heapKey[parent];
                heapIndex[pos] = heapIndex[parent];
                pos = parent;
            }
            heapKey[pos] = key;
            heapIndex[pos] = j;
        }

        private void replaceTop(float key, int j) {
            int pos = 0;
            while (true) {
                int child = 2 * pos + 1;
                if (child >= k) {
                    break;
                }
                if (child + 1 < k && worse(heapKey[child + 1], heapIndex[child + 1], heapKey[child],
                        heapIndex[child])) {
                    child++;
                }
                if (!worse(heapKey[child], heapIndex[child], key, j)) {
                    break;
                }
                heapKey[pos] = heapKey[child];
                heapIndex[pos] = heapIndex[child];
                pos = child;
            }
            heapKey[pos] = key;
            heapIndex[pos] = j;
        }

        /** The kept rows' distances recomputed in double, sorted by (distance, index). */
        private void finish(float[] q, int[] outIndex, float[] outDist, int off) {
            int[] idx = heapIndex;
            for (int c = 0; c < k; c++) {
                exact[c] = (float) Metric.EUCLIDEAN.exact(q, 0, data, idx[c] * d, d);
                idx[c] = order[idx[c]];
            }
            for (int c = 1; c < k; c++) {
                float e = exact[c];
                int j = idx[c];
                int p = c - 1;
                while (p >= 0 && (exact[p] > e || (exact[p] == e && idx[p] > j))) {
                    exact[p + 1] = exact[p];
                    idx[p + 1] = idx[p];
                    p--;
                }
                exact[p + 1] = e;
                idx[p + 1] = j;
            }
            System.arraycopy(idx, 0, outIndex, off, k);
            System.arraycopy(exact, 0, outDist, off, k);
        }
    }
}
