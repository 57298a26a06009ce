package org.descry.knn;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.linalg.Kernels;

/**
 * One run of {@link NnDescent} on one matrix: the forest initialisation, the iterations and the final exact
 * distances. Every batch of distance work goes through {@link #offer}: tasks of fixed size (independent of the
 * thread count) compute distances against frozen heaps and record the pairs that could enter; then the
 * recorded pairs are pushed, each row receiving its offers in task order.
 */
final class NnDescentRun {

    /** Rows per local-join block, PyNNDescent's {@code block_size}. */
    static final int BLOCK = 16384;
    private static final int ROWS_PER_TASK = 512;
    private static final int LEAVES_PER_TASK = 256;

    private final NnDescent config;
    private final FloatMatrix x;
    private final float[] data;
    private final int n;
    private final int d;
    private final int k;
    private final int threads;
    private final boolean cosine;
    private final Kernels kernels = Kernels.best().withThreads(1);
    private final NeighbourHeaps heaps;
    private int iterationsRun;

    NnDescentRun(NnDescent config, FloatMatrix x) {
        this.config = config;
        this.x = x;
        this.n = x.rows();
        this.d = x.cols();
        this.k = config.k();
        this.threads = config.threads();
        this.cosine = config.metric() == Metric.COSINE;
        this.data = (cosine ? Inputs.unitRows(x) : x).toArray();
        this.heaps = new NeighbourHeaps(n, k);
    }

    int iterationsRun() {
        return iterationsRun;
    }

    private float distance(int p, int q) {
        if (cosine) {
            return 1f - kernels.dot(data, p * d, data, q * d, d);
        }
        return kernels.squaredDistance(data, p * d, data, q * d, d);
    }

    void run(Progress progress) {
        int iters = config.resolvedIters(n);
        long total = iters + 1L;
        initFromTrees();
        fillRandom();
        progress.step(1, total);
        int maxCandidates = config.resolvedMaxCandidates();
        Candidates fresh = new Candidates(n, maxCandidates);
        Candidates old = new Candidates(n, maxCandidates);
        for (int it = 0; it < iters; it++) {
            buildCandidates(it, fresh, old);
            long changed = 0;
            for (int b0 = 0; b0 < n; b0 += BLOCK) {
                int b1 = Math.min(n, b0 + BLOCK);
                int tasks = (b1 - b0 + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
                int from = b0;
                changed += offer(tasks, (t, out) -> {
                    int r0 = from + t * ROWS_PER_TASK;
                    int r1 = Math.min(b1, r0 + ROWS_PER_TASK);
                    for (int i = r0; i < r1; i++) {
                        localJoin(i, fresh, old, out);
                    }
                });
            }
            iterationsRun = it + 1;
            progress.step(it + 2, total);
            if (changed <= config.delta() * k * n) {
                break;
            }
        }
        progress.step(total, total);
    }

    /** Every pair of rows in a leaf, tree by tree (the trees built in parallel, each from its own seed). */
    private void initFromTrees() {
        int nTrees = config.resolvedTrees(n);
        int leafSize = config.resolvedLeafSize();
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom[] seeds = new SplittableRandom[nTrees];
        for (int t = 0; t < nTrees; t++) {
            seeds[t] = root.split();
        }
        RpTree[] trees = new RpTree[nTrees];
        Workers.forEach(threads, nTrees, t -> trees[t] = RpTree.forest(data, n, d, leafSize, seeds[t], kernels));
        for (RpTree tree : trees) {
            int tasks = (tree.leaves() + LEAVES_PER_TASK - 1) / LEAVES_PER_TASK;
            offer(tasks, (t, out) -> {
                int l1 = Math.min(tree.leaves(), (t + 1) * LEAVES_PER_TASK);
                for (int l = t * LEAVES_PER_TASK; l < l1; l++) {
                    for (int a = tree.leafStart[l]; a < tree.leafStart[l + 1]; a++) {
                        for (int b = a + 1; b < tree.leafStart[l + 1]; b++) {
                            consider(tree.order[a], tree.order[b], out);
                        }
                    }
                }
            });
        }
    }

    /** Rows with empty slots (tiny leaves) get random rows, drawn from a stream seeded by the row. */
    private void fillRandom() {
        int tasks = (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        Workers.forEach(threads, tasks, t -> {
            for (int i = t * ROWS_PER_TASK; i < Math.min(n, (t + 1) * ROWS_PER_TASK); i++) {
                if (!heaps.hasEmpty(i)) {
                    continue;
                }
                SplittableRandom r = new SplittableRandom(mix(config.seed() ^ mix(i + 0x5bd1e995L)));
                while (heaps.hasEmpty(i)) {
                    int j = r.nextInt(n);
                    if (j != i) {
                        heaps.push(i, distance(i, j), j);
                    }
                }
            }
        });
    }

    /**
     * PyNNDescent's {@code new_build_candidates}: each edge {@code i -> j} puts {@code j} among {@code i}'s and
     * {@code i} among {@code j}'s new or old candidates, keeping the {@code maxCandidates} of lowest random
     * priority; the priority depends on the iteration and the unordered pair only, so which edges survive does
     * not depend on the order they are offered. New entries that were sampled become old.
     */
    private void buildCandidates(int it, Candidates fresh, Candidates old) {
        fresh.clear();
        old.clear();
        long salt = mix(config.seed() + 0x9E3779B97F4A7C15L * (it + 1));
        double rho = config.rho();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                int e = i * k + c;
                int j = heaps.index[e];
                if (j < 0) {
                    continue;
                }
                long h = mix(salt ^ (((long) Math.min(i, j) << 32) | Math.max(i, j)));
                if (rho < 1 && (h >>> 11) * 0x1.0p-53 >= rho) {
                    continue;
                }
                int priority = (int) (mix(h) >>> 33);
                Candidates target = heaps.fresh[e] ? fresh : old;
                target.push(i, priority, j);
                target.push(j, priority, i);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                int e = i * k + c;
                if (heaps.fresh[e] && fresh.contains(i, heaps.index[e])) {
                    heaps.fresh[e] = false;
                }
            }
        }
    }

    private void localJoin(int i, Candidates fresh, Candidates old, Offers out) {
        int fo = i * fresh.capacity;
        int fs = fresh.size[i];
        int oo = i * old.capacity;
        int os = old.size[i];
        for (int a = 0; a < fs; a++) {
            int p = fresh.index[fo + a];
            for (int b = a + 1; b < fs; b++) {
                consider(p, fresh.index[fo + b], out);
            }
            for (int b = 0; b < os; b++) {
                int q = old.index[oo + b];
                if (q != p) {
                    consider(p, q, out);
                }
            }
        }
    }

    private void consider(int p, int q, Offers out) {
        float dist = distance(p, q);
        if (dist <= heaps.threshold(p)) {
            out.add(p, q, dist);
        }
        if (dist <= heaps.threshold(q)) {
            out.add(q, p, dist);
        }
    }

    @FunctionalInterface
    private interface OfferTask {
        void run(int task, Offers out);
    }

    /** Runs {@code tasks} against the frozen heaps, then pushes their offers; returns how many entered. */
    private long offer(int tasks, OfferTask body) {
        Offers[] offers = new Offers[tasks];
        Workers.forEach(threads, tasks, t -> {
            offers[t] = new Offers();
            body.run(t, offers[t]);
        });
        int parts = Math.max(1, Math.min(threads, n));
        AtomicLong entered = new AtomicLong();
        Workers.forEach(threads, parts, part -> {
            int lo = (int) ((long) n * part / parts);
            int hi = (int) ((long) n * (part + 1) / parts);
            long count = 0;
            for (Offers o : offers) {
                for (int u = 0; u < o.size; u++) {
                    int target = o.target[u];
                    if (target >= lo && target < hi && heaps.push(target, o.dist[u], o.other[u])) {
                        count++;
                    }
                }
            }
            entered.addAndGet(count);
        });
        return entered.get();
    }

    /** The graph with distances recomputed from the rows in double and each row sorted (distance, index). */
    ExactKnn.Result result() {
        int[] indices = new int[n * k];
        float[] distances = new float[n * k];
        int tasks = (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        float[] heap = x.heapArray();
        Workers.forEach(threads, tasks, t -> {
            float[] a = new float[d];
            float[] b = new float[d];
            float[] dist = new float[k];
            int[] idx = new int[k];
            for (int i = t * ROWS_PER_TASK; i < Math.min(n, (t + 1) * ROWS_PER_TASK); i++) {
                float[] qa = a;
                int qo = 0;
                if (heap != null) {
                    qa = heap;
                    qo = i * d;
                } else {
                    x.copyRow(i, a, 0);
                }
                for (int c = 0; c < k; c++) {
                    int j = heaps.index[i * k + c];
                    idx[c] = j;
                    if (heap != null) {
                        dist[c] = (float) config.metric().exact(qa, qo, heap, j * d, d);
                    } else {
                        x.copyRow(j, b, 0);
                        dist[c] = (float) config.metric().exact(qa, qo, b, 0, d);
                    }
                }
                for (int c = 1; c < k; c++) {
                    float e = dist[c];
                    int j = idx[c];
                    int p = c - 1;
                    while (p >= 0 && (dist[p] > e || (dist[p] == e && idx[p] > j))) {
                        dist[p + 1] = dist[p];
                        idx[p + 1] = idx[p];
                        p--;
                    }
                    dist[p + 1] = e;
                    idx[p + 1] = j;
                }
                System.arraycopy(idx, 0, indices, i * k, k);
                System.arraycopy(dist, 0, distances, i * k, k);
            }
        });
        return new ExactKnn.Result(indices, distances);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Pairs a task found worth offering: {@code other} at {@code dist} for row {@code target}. */
    private static final class Offers {
        int[] target = new int[1024];
        int[] other = new int[1024];
        float[] dist = new float[1024];
        int size;

        void add(int t, int o, float dd) {
            if (size == target.length) {
                target = Arrays.copyOf(target, size * 2);
                other = Arrays.copyOf(other, size * 2);
                dist = Arrays.copyOf(dist, size * 2);
            }
            target[size] = t;
            other[size] = o;
            dist[size] = dd;
            size++;
        }
    }

    /** Per row, up to {@code capacity} candidates of lowest priority (a max-heap on priority, then index). */
    private static final class Candidates {
        final int capacity;
        final int[] index;
        final int[] priority;
        final int[] size;

        Candidates(int n, int capacity) {
            this.capacity = capacity;
            this.index = new int[n * capacity];
            this.priority = new int[n * capacity];
            this.size = new int[n];
        }

        void clear() {
            Arrays.fill(size, 0);
        }

        boolean contains(int i, int j) {
            int h = i * capacity;
            for (int c = 0; c < size[i]; c++) {
                if (index[h + c] == j) {
                    return true;
                }
            }
            return false;
        }

        void push(int i, int pri, int j) {
            int h = i * capacity;
            int s = size[i];
            if (s == capacity && !before(pri, j, priority[h], index[h])) {
                return;
            }
            if (contains(i, j)) {
                return;
            }
            if (s < capacity) {
                int pos = s;
                while (pos > 0) {
                    int parent = (pos - 1) >>> 1;
                    if (!before(priority[h + parent], index[h + parent], pri, j)) {
                        break;
                    }
                    priority[h + pos] = priority[h + parent];
                    index[h + pos] = index[h + parent];
                    pos = parent;
                }
                priority[h + pos] = pri;
                index[h + pos] = j;
                size[i] = s + 1;
                return;
            }
            int pos = 0;
            while (true) {
                int child = 2 * pos + 1;
                if (child >= capacity) {
                    break;
                }
                if (child + 1 < capacity && before(priority[h + child], index[h + child], priority[h + child + 1],
                        index[h + child + 1])) {
                    child++;
                }
                if (!before(pri, j, priority[h + child], index[h + child])) {
                    break;
                }
                priority[h + pos] = priority[h + child];
                index[h + pos] = index[h + child];
                pos = child;
            }
            priority[h + pos] = pri;
            index[h + pos] = j;
        }

        /** {@code (pa, ia)} ranks before {@code (pb, ib)}: lower priority wins, then lower index. */
        private static boolean before(int pa, int ia, int pb, int ib) {
            return pa < pb || (pa == pb && ia < ib);
        }
    }
}
