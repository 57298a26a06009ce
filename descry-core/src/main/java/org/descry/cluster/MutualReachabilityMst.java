package org.descry.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.descry.data.Workers;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;
import org.descry.linalg.Kernels;

/**
 * A minimum spanning tree of the mutual reachability graph, {@code w(a, b) = max(core(a), core(b), d(a, b))}
 * (Campello, Moulavi and Sander 2013, section 3.1): the input of the single-linkage hierarchy HDBSCAN condenses.
 * Its edges are {@code (a[i], b[i], weight[i])}, {@code n - 1} of them.
 *
 * <p>Two constructions:
 * <ul>
 * <li>{@link #exact}: Prim's algorithm on the complete graph, {@code O(n²)} distance evaluations and
 *     {@code O(n)} memory: each step computes the distances of the newly added row to every row still outside the
 *     tree (those rows kept packed in one array, so each step is one streaming pass, split between threads). This
 *     is the hdbscan library's {@code prims} route (McInnes and Healy 2017 use Boruvka on space trees instead,
 *     which needs low dimension to pay).</li>
 * <li>{@link #fromKnn}: Kruskal on the mutual-reachability-weighted {@code k}-NN graph, then the remaining
 *     components joined (see {@link #joinComponents}). The result is a spanning tree, but not necessarily a minimum
 *     one of the complete graph: an edge of the true MST that is not among the {@code k} nearest neighbours of
 *     either end is replaced by the cheapest edge the graph or the join offers. Edges inside dense regions are
 *     short and kept; what changes is how clusters attach to each other, so the condensed tree keeps its clusters
 *     and shifts where they split.</li>
 * </ul>
 */
record MutualReachabilityMst(int n, int[] a, int[] b, float[] weight) {

    /** Rows packed for distance evaluation: unit rows for cosine (with which rows were zero). */
    record Points(float[] data, int n, int d, Metric metric, boolean[] zero) {

        static Points of(FloatMatrix x, Metric metric) {
            int n = x.rows();
            int d = x.cols();
            float[] data = x.toArray();
            boolean[] zero = null;
            if (metric == Metric.COSINE) {
                zero = new boolean[n];
                for (int r = 0; r < n; r++) {
                    double s = 0;
                    for (int c = 0; c < d; c++) {
                        s += (double) data[r * d + c] * data[r * d + c];
                    }
                    if (s == 0) {
                        zero[r] = true;
                    } else {
                        double inv = 1.0 / Math.sqrt(s);
                        for (int c = 0; c < d; c++) {
                            data[r * d + c] = (float) (data[r * d + c] * inv);
                        }
                    }
                }
            }
            return new Points(data, n, d, metric, zero);
        }

        Points subset(int[] rows) {
            float[] sub = new float[rows.length * d];
            boolean[] z = zero == null ? null : new boolean[rows.length];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(data, rows[i] * d, sub, i * d, d);
                if (z != null) {
                    z[i] = zero[rows[i]];
                }
            }
            return new Points(sub, rows.length, d, metric, z);
        }
    }

    private static final int PARALLEL_MIN = 8192;

    /**
     * Prim's algorithm on the complete mutual reachability graph of {@code p}. With {@code component} given, two
     * rows of the same component are joined at weight 0 (the component is already connected), so the edges of
     * positive weight are the cheapest way to connect the components through these rows.
     */
    static MutualReachabilityMst exact(Points p, float[] core, int[] component, int threads, Kernels kernels) {
        int n = p.n;
        int d = p.d;
        int[] ea = new int[Math.max(0, n - 1)];
        int[] eb = new int[ea.length];
        float[] ew = new float[ea.length];
        if (n < 2) {
            return new MutualReachabilityMst(n, ea, eb, ew);
        }
        float[] rows = p.data.clone();
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        float[] best = new float[n];
        Arrays.fill(best, Float.POSITIVE_INFINITY);
        int[] from = new int[n];
        float[] current = new float[d];
        int chunks = Math.max(1, threads);
        float[] chunkBest = new float[chunks];
        int[] chunkPos = new int[chunks];
        Kernels row = kernels.withThreads(1);
        int remaining = n;
        int cur = ids[n - 1];
        System.arraycopy(rows, (n - 1) * d, current, 0, d);
        remaining--;
        for (int step = 0; step < n - 1; step++) {
            int live = remaining;
            int c = cur;
            float coreC = core[c];
            int comp = component == null ? 0 : component[c];
            boolean zeroC = p.zero != null && p.zero[c];
            int tasks = live >= PARALLEL_MIN ? chunks : 1;
            int per = (live + tasks - 1) / tasks;
            Workers.forEach(threads, tasks, t -> {
                int lo = t * per;
                int hi = Math.min(live, lo + per);
                float bv = Float.POSITIVE_INFINITY;
                int bp = -1;
                for (int pos = lo; pos < hi; pos++) {
                    int j = ids[pos];
                    float w;
                    if (component != null && component[j] == comp) {
                        w = 0f;
                    } else {
                        float dist = distance(row, p, current, rows, pos * d, zeroC, j);
                        w = Math.max(dist, Math.max(coreC, core[j]));
                    }
                    if (w < best[pos]) {
                        best[pos] = w;
                        from[pos] = c;
                    }
                    if (best[pos] < bv || bp < 0) {
                        bv = best[pos];
                        bp = pos;
                    }
                }
                chunkBest[t] = bv;
                chunkPos[t] = bp;
            });
            int pick = -1;
            float pv = Float.POSITIVE_INFINITY;
            for (int t = 0; t < tasks; t++) {
                if (chunkPos[t] >= 0 && (pick < 0 || chunkBest[t] < pv)) {
                    pv = chunkBest[t];
                    pick = chunkPos[t];
                }
            }
            ea[step] = from[pick];
            eb[step] = ids[pick];
            ew[step] = best[pick];
            cur = ids[pick];
            System.arraycopy(rows, pick * d, current, 0, d);
            int last = live - 1;
            ids[pick] = ids[last];
            best[pick] = best[last];
            from[pick] = from[last];
            System.arraycopy(rows, last * d, rows, pick * d, d);
            remaining--;
        }
        return new MutualReachabilityMst(n, ea, eb, ew);
    }

    private static float distance(Kernels row, Points p, float[] x, float[] rows, int off, boolean zeroX, int j) {
        if (p.metric == Metric.EUCLIDEAN) {
            return (float) Math.sqrt(row.squaredDistance(x, 0, rows, off, p.d));
        }
        if (zeroX || p.zero[j]) {
            return 1f;
        }
        return Math.min(2f, Math.max(0f, 1f - row.dot(x, 0, rows, off, p.d)));
    }

    /** The distance of rows {@code i} and {@code j} of {@code p}. */
    static float distance(Kernels row, Points p, int i, int j) {
        if (p.metric == Metric.EUCLIDEAN) {
            return (float) Math.sqrt(row.squaredDistance(p.data, i * p.d, p.data, j * p.d, p.d));
        }
        if (p.zero[i] || p.zero[j]) {
            return 1f;
        }
        return Math.min(2f, Math.max(0f, 1f - row.dot(p.data, i * p.d, p.data, j * p.d, p.d)));
    }

    /**
     * Kruskal on the {@code k}-NN graph weighted by mutual reachability, then {@link #joinComponents}. Edges are
     * taken in order of weight, ties by (row, neighbour rank), so the tree is the same on every run.
     */
    static MutualReachabilityMst fromKnn(Points p, KnnGraph graph, float[] core, int maxRepresentatives, long seed,
            int threads, Kernels kernels) {
        int n = p.n;
        int k = graph.k();
        int[] nb = graph.indices();
        float[] dist = graph.distances();
        long[] keys = new long[n * k];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                int e = i * k + j;
                int t = nb[e];
                if (t < i && isNeighbour(nb, k, t, i)) {
                    continue;
                }
                float w = Math.max(dist[e], Math.max(core[i], core[t]));
                keys[m++] = ((long) Float.floatToIntBits(w + 0f) << 32) | e;
            }
        }
        long[] sorted = Arrays.copyOf(keys, m);
        Arrays.parallelSort(sorted);
        UnionFind uf = new UnionFind(n);
        int[] ea = new int[n - 1];
        int[] eb = new int[n - 1];
        float[] ew = new float[n - 1];
        int edges = 0;
        for (int q = 0; q < m && edges < n - 1; q++) {
            int e = (int) sorted[q];
            int i = e / k;
            int t = nb[e];
            if (uf.union(i, t)) {
                ea[edges] = i;
                eb[edges] = t;
                ew[edges] = Float.intBitsToFloat((int) (sorted[q] >>> 32));
                edges++;
            }
        }
        if (edges < n - 1) {
            edges = joinComponents(p, core, uf, ea, eb, ew, edges, maxRepresentatives, seed, threads, kernels);
        }
        return new MutualReachabilityMst(n, ea, eb, ew);
    }

    private static boolean isNeighbour(int[] nb, int k, int row, int target) {
        for (int j = 0; j < k; j++) {
            if (nb[row * k + j] == target) {
                return true;
            }
        }
        return false;
    }

    /**
     * Joins the components the {@code k}-NN graph left apart. Each component sends up to
     * {@code max(1, maxRepresentatives / components)} rows (a seeded sample; all its rows when it is that small),
     * and Prim's algorithm on those representatives, with rows of one component joined at weight 0
     * ({@link #exact} with components), gives the cheapest links between components as far as the
     * representatives see. A link that touches a sampled component is then refined by alternating nearest
     * searches: the row of the other component closest (in mutual reachability) to this end, then the row of this
     * component closest to that one, up to {@value #REFINE_ROUNDS} times while the weight falls; the links are added
     * in order of weight where they join two components. When every component fits its share this is Boruvka's
     * last merge done exactly; otherwise a link may still be longer than the closest pair of the two components
     * (the refinement finds a local minimum), which delays the split of those components in the hierarchy.
     */
    static int joinComponents(Points p, float[] core, UnionFind uf, int[] ea, int[] eb, float[] ew, int edges,
            int maxRepresentatives, long seed, int threads, Kernels kernels) {
        int n = p.n;
        int[] root = new int[n];
        int[] compOf = new int[n];
        Arrays.fill(compOf, -1);
        int comps = 0;
        for (int i = 0; i < n; i++) {
            int r = uf.find(i);
            if (compOf[r] < 0) {
                compOf[r] = comps++;
            }
            root[i] = compOf[r];
        }
        int[] size = new int[comps];
        for (int i = 0; i < n; i++) {
            size[root[i]]++;
        }
        int[] start = new int[comps + 1];
        for (int c = 0; c < comps; c++) {
            start[c + 1] = start[c] + size[c];
        }
        int[] members = new int[n];
        int[] fill = start.clone();
        for (int i = 0; i < n; i++) {
            members[fill[root[i]]++] = i;
        }
        int share = Math.max(1, maxRepresentatives / comps);
        SplittableRandom rnd = new SplittableRandom(seed);
        int total = 0;
        for (int c = 0; c < comps; c++) {
            total += Math.min(share, size[c]);
        }
        int[] reps = new int[total];
        int[] repComp = new int[total];
        int o = 0;
        for (int c = 0; c < comps; c++) {
            int s = size[c];
            int take = Math.min(share, s);
            for (int t = 0; t < take; t++) {
                int pick = start[c] + t + rnd.nextInt(s - t);
                int tmp = members[start[c] + t];
                members[start[c] + t] = members[pick];
                members[pick] = tmp;
                reps[o] = members[start[c] + t];
                repComp[o++] = c;
            }
        }
        float[] repCore = new float[total];
        for (int i = 0; i < total; i++) {
            repCore[i] = core[reps[i]];
        }
        MutualReachabilityMst links = exact(p.subset(reps), repCore, repComp, threads, kernels);
        int[] li = new int[links.a.length];
        int[] lj = new int[links.a.length];
        float[] lw = new float[links.a.length];
        int m = 0;
        for (int e = 0; e < links.a.length; e++) {
            if (repComp[links.a[e]] != repComp[links.b[e]]) {
                li[m] = reps[links.a[e]];
                lj[m] = reps[links.b[e]];
                lw[m++] = links.weight[e];
            }
        }
        int count = m;
        Kernels row = kernels.withThreads(1);
        Workers.forEach(threads, count, q -> {
            int i = li[q];
            int j = lj[q];
            float w = lw[q];
            int ci = root[i];
            int cj = root[j];
            if (share >= size[ci] && share >= size[cj]) {
                return;
            }
            for (int round = 0; round < REFINE_ROUNDS; round++) {
                int jj = closest(p, core, row, i, members, start[cj], start[cj + 1]);
                int ii = closest(p, core, row, jj, members, start[ci], start[ci + 1]);
                float nw = mutualReachability(p, core, row, ii, jj);
                if (!(nw < w)) {
                    break;
                }
                i = ii;
                j = jj;
                w = nw;
            }
            li[q] = i;
            lj[q] = j;
            lw[q] = w;
        });
        long[] sorted = new long[count];
        for (int q = 0; q < count; q++) {
            sorted[q] = ((long) Float.floatToIntBits(lw[q] + 0f) << 32) | q;
        }
        Arrays.sort(sorted);
        for (int q = 0; q < count; q++) {
            int e = (int) sorted[q];
            if (uf.union(li[e], lj[e])) {
                ea[edges] = li[e];
                eb[edges] = lj[e];
                ew[edges] = lw[e];
                edges++;
            }
        }
        return edges;
    }

    /** Alternations of the link refinement in {@link #joinComponents}. */
    private static final int REFINE_ROUNDS = 3;

    private static float mutualReachability(Points p, float[] core, Kernels row, int i, int j) {
        return Math.max(distance(row, p, i, j), Math.max(core[i], core[j]));
    }

    /** The row of {@code members[from, to)} at the smallest mutual reachability from row {@code i}. */
    private static int closest(Points p, float[] core, Kernels row, int i, int[] members, int from, int to) {
        int best = members[from];
        float bw = Float.POSITIVE_INFINITY;
        for (int q = from; q < to; q++) {
            int j = members[q];
            float w = mutualReachability(p, core, row, i, j);
            if (w < bw || (w == bw && j < best)) {
                bw = w;
                best = j;
            }
        }
        return best;
    }

    /** Total weight, in double. */
    double totalWeight() {
        double s = 0;
        for (float w : weight) {
            s += w;
        }
        return s;
    }
}
