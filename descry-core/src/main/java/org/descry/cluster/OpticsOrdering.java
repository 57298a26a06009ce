package org.descry.cluster;

import java.util.Arrays;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.knn.CsrGraph;
import org.descry.knn.Metric;

/**
 * The OPTICS ordering loop of scikit-learn 1.2.1's {@code compute_optics_graph} (Ankerst, Breunig, Kriegel and
 * Sander, "OPTICS: ordering points to identify the clustering structure", SIGMOD 1999): repeatedly take the
 * unprocessed row of smallest reachability, ties to the lower index (what {@code np.argmin} over the unprocessed
 * rows in index order does, infinity included, so a new component starts at the lowest unprocessed index), and if
 * it is a core row lower the reachability of its unprocessed neighbours within {@code maxEps} to
 * {@code max(distance, core distance)}, both rounded to 15 decimals as scikit-learn's {@code np.around} does, and
 * only on a strict improvement.
 *
 * <p>scikit-learn finds the next row by an argmin over all unprocessed rows; here an indexed binary heap keyed by
 * (reachability, index) gives the same choice in logarithmic time. Neighbours are either every unprocessed row
 * (exact OPTICS: one row-against-the-rest distance pass per core row, in double, split over threads for large
 * sets) or the rows of a neighbour graph (the approximate mode of {@link Optics}).
 */
final class OpticsOrdering {

    final int[] ordering;
    final double[] reachability;
    final int[] predecessor;

    private OpticsOrdering(int n) {
        ordering = new int[n];
        reachability = new double[n];
        predecessor = new int[n];
        Arrays.fill(reachability, Double.POSITIVE_INFINITY);
        Arrays.fill(predecessor, -1);
    }

    /** scikit-learn's {@code np.around(v, 15)}: {@code rint(v * 1e15) / 1e15}. */
    static double around15(double v) {
        return Double.isFinite(v) ? Math.rint(v * 1e15) / 1e15 : v;
    }

    /**
     * @param data  the rows, row-major {@code n x d}
     * @param graph neighbours to update from each core row, or null for all rows
     */
    static OpticsOrdering run(float[] data, int n, int d, Metric metric, double[] core, double maxEps, CsrGraph graph,
            int threads, Progress progress) {
        OpticsOrdering o = new OpticsOrdering(n);
        double[] reach = o.reachability;
        boolean[] processed = new boolean[n];
        Heap heap = new Heap(n, reach);
        int[] unprocessed = new int[n];
        int[] slot = new int[n];
        for (int i = 0; i < n; i++) {
            unprocessed[i] = i;
            slot[i] = i;
        }
        int remaining = n;
        int lowest = 0;
        double[] rd = graph == null ? new double[n] : null;
        double[] sq = squaredNorms(data, n, d);
        boolean parallel = graph == null && threads > 1 && (long) n * d >= 1 << 17;
        for (int idx = 0; idx < n; idx++) {
            int p;
            if (heap.size > 0) {
                p = heap.pop();
            } else {
                while (processed[lowest]) {
                    lowest++;
                }
                p = lowest;
            }
            processed[p] = true;
            o.ordering[idx] = p;
            int s = slot[p];
            int last = unprocessed[--remaining];
            unprocessed[s] = last;
            slot[last] = s;
            if (core[p] != Double.POSITIVE_INFINITY) {
                double cp = core[p];
                if (graph == null) {
                    int count = remaining;
                    if (parallel) {
                        int chunks = Math.max(1, Math.min(threads * 4, count / 512));
                        Workers.forEach(threads, chunks, c -> reachPass(data, d, metric, sq, p, cp, maxEps, unprocessed,
                                (int) ((long) count * c / chunks), (int) ((long) count * (c + 1) / chunks), rd));
                    } else {
                        reachPass(data, d, metric, sq, p, cp, maxEps, unprocessed, 0, count, rd);
                    }
                    for (int u = 0; u < count; u++) {
                        double r = rd[u];
                        int j = unprocessed[u];
                        if (r < reach[j]) {
                            reach[j] = r;
                            o.predecessor[j] = p;
                            heap.update(j);
                        }
                    }
                } else {
                    int[] indptr = graph.indptr();
                    int[] indices = graph.indices();
                    for (int e = indptr[p]; e < indptr[p + 1]; e++) {
                        int j = indices[e];
                        if (processed[j]) {
                            continue;
                        }
                        if (!(metric.exact(data, p * d, data, j * d, d) <= maxEps)) {
                            continue;
                        }
                        double r = around15(Math.max(expanded(data, d, metric, sq, p, j), cp));
                        if (r < reach[j]) {
                            reach[j] = r;
                            o.predecessor[j] = p;
                            heap.update(j);
                        }
                    }
                }
            }
            if ((idx & 1023) == 0) {
                progress.step(idx, n);
            }
        }
        progress.step(n, n);
        return o;
    }

    /** Rounded reachability from {@code p} of {@code unprocessed[from..to)} into {@code rd}; infinity beyond maxEps. */
    private static void reachPass(float[] data, int d, Metric metric, double[] sq, int p, double cp,
            double maxEps, int[] unprocessed, int from, int to, double[] rd) {
        boolean all = maxEps == Double.POSITIVE_INFINITY;
        for (int u = from; u < to; u++) {
            int j = unprocessed[u];
            if (!all && !(metric.exact(data, p * d, data, j * d, d) <= maxEps)) {
                rd[u] = Double.POSITIVE_INFINITY;
                continue;
            }
            rd[u] = around15(Math.max(expanded(data, d, metric, sq, p, j), cp));
        }
    }

    /**
     * The distance as scikit-learn's {@code pairwise_distances} computes it in float64 for {@code _set_reach_dist}:
     * Euclidean by the expansion {@code sqrt(max(-2 x·y + ||x||² + ||y||², 0))}, cosine as {@code 1 - x̂·ŷ}
     * clipped to {@code [0, 2]}. It differs from the exact distance in the last bits, and exactly there it matters:
     * a row at exactly the core distance of the processed row gets that core distance as reachability (a tie
     * broken by index) or a value a few ulps above it, and the ordering follows.
     */
    static double expanded(float[] data, int d, Metric metric, double[] sq, int p, int j) {
        int po = p * d;
        int jo = j * d;
        double dot = 0;
        if (metric == Metric.EUCLIDEAN) {
            for (int c = 0; c < d; c++) {
                dot += (double) data[po + c] * data[jo + c];
            }
            double d2 = -2 * dot + sq[p] + sq[j];
            return Math.sqrt(Math.max(d2, 0));
        }
        double np = sq[p] == 0 ? 1 : Math.sqrt(sq[p]);
        double nj = sq[j] == 0 ? 1 : Math.sqrt(sq[j]);
        for (int c = 0; c < d; c++) {
            dot += (data[po + c] / np) * (data[jo + c] / nj);
        }
        return Math.min(2, Math.max(0, 1 - dot));
    }

    static double[] squaredNorms(float[] data, int n, int d) {
        double[] sq = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int c = 0; c < d; c++) {
                double v = data[i * d + c];
                s += v * v;
            }
            sq[i] = s;
        }
        return sq;
    }

    /** A binary min-heap of row indices keyed by (reachability, index), with decrease-key. */
    private static final class Heap {
        final int[] heap;
        final int[] pos;
        final double[] key;
        int size;

        Heap(int n, double[] key) {
            heap = new int[n];
            pos = new int[n];
            Arrays.fill(pos, -1);
            this.key = key;
        }

        private boolean less(int a, int b) {
            return key[a] < key[b] || (key[a] == key[b] && a < b);
        }

        /** Inserts {@code j} or restores order after its key decreased. */
        void update(int j) {
            int i = pos[j];
            if (i < 0) {
                i = size++;
                heap[i] = j;
                pos[j] = i;
            }
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                int pj = heap[parent];
                if (!less(j, pj)) {
                    break;
                }
                heap[i] = pj;
                pos[pj] = i;
                i = parent;
            }
            heap[i] = j;
            pos[j] = i;
        }

        int pop() {
            int top = heap[0];
            pos[top] = -1;
            int last = heap[--size];
            if (size > 0) {
                int i = 0;
                while (true) {
                    int c = 2 * i + 1;
                    if (c >= size) {
                        break;
                    }
                    if (c + 1 < size && less(heap[c + 1], heap[c])) {
                        c++;
                    }
                    if (!less(heap[c], last)) {
                        break;
                    }
                    heap[i] = heap[c];
                    pos[heap[i]] = i;
                    i = c;
                }
                heap[i] = last;
                pos[last] = i;
            }
            return top;
        }
    }
}
