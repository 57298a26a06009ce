package org.descry.cluster;

import java.util.Arrays;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;

/**
 * scikit-learn 1.2.1's structured {@code linkage_tree} for average, complete and single linkage over a
 * connectivity graph. Every edge carries the Euclidean distance of its two rows (scikit-learn's
 * {@code paired_distances}; computed here in float64 from the float32 rows, see
 * {@link AgglomerativeClustering}).
 *
 * <p>Average and complete keep, for every live cluster, a map from neighbouring node to linkage distance (an
 * {@code IntFloatDict}, here sorted parallel arrays) and a heap of {@code WeightedEdge}s. Those compare by weight
 * alone, so equal weights pop in the order Python's {@code heapq} list layout gives; {@link PyHeap} replays
 * the same {@code heapify}, {@code heappush} and {@code heappop} calls in the same order (the new cluster's edges
 * pushed by increasing neighbour id, as the C++ map iterates) and so pops the same edges. Joining {@code i} and
 * {@code j} follows {@code max_merge} / {@code average_merge}: {@code i}'s live entries, then {@code j}'s, a key
 * in both getting the maximum or {@code (n_i d_i + n_j d_j) / (n_i + n_j)}.
 *
 * <p>Single linkage follows {@code _single_linkage_tree}: Kruskal's minimum spanning tree over the edges in
 * scipy 1.10's order (numpy's unstable default argsort of the CSR values, replayed by {@link NumpyArgsort}; zero
 * distances counted as machine epsilon), the tree's edges
 * in CSR order stably sorted by weight, then labelled by union-find ({@code _single_linkage_label}); its
 * children are not reversed, unlike the other linkages.
 */
final class LinkageTree {

    private LinkageTree() {}

    /** The distance of every stored edge, in CSR order. */
    static double[] edgeDistances(FloatMatrix x, ConnectivityGraph g, int threads) {
        int n = g.n;
        int d = x.cols();
        double[] out = new double[g.indices.length];
        int blocks = Math.max(1, Math.min(n, threads * 8));
        Workers.forEach(threads, blocks, t -> {
            int i0 = (int) ((long) n * t / blocks);
            int i1 = (int) ((long) n * (t + 1) / blocks);
            float[] a = new float[d];
            float[] b = new float[d];
            for (int i = i0; i < i1; i++) {
                x.copyRow(i, a, 0);
                for (int p = g.indptr[i]; p < g.indptr[i + 1]; p++) {
                    x.copyRow(g.indices[p], b, 0);
                    out[p] = euclidean(a, b, d);
                }
            }
        });
        return out;
    }

    static double euclidean(float[] a, float[] b, int d) {
        double s = 0;
        for (int f = 0; f < d; f++) {
            double diff = (double) a[f] - b[f];
            s += diff * diff;
        }
        return Math.sqrt(s);
    }

    static MergeTree build(FloatMatrix x, ConnectivityGraph g, Linkage linkage, int threads, Progress progress) {
        double[] dist = edgeDistances(x, g, threads);
        return linkage == Linkage.SINGLE ? single(g, dist) : mapMerge(g, dist, linkage == Linkage.AVERAGE, progress);
    }

    private static MergeTree mapMerge(ConnectivityGraph g, double[] dist, boolean average, Progress progress) {
        int n = g.n;
        int nodes = 2 * n - 1;
        int[][] keys = new int[nodes][];
        double[][] vals = new double[nodes][];
        int[] len = new int[nodes];
        PyHeap heap = new PyHeap(g.indices.length, false);
        for (int i = 0; i < n; i++) {
            int a = g.indptr[i];
            int b = g.indptr[i + 1];
            keys[i] = Arrays.copyOfRange(g.indices, a, b);
            vals[i] = Arrays.copyOfRange(dist, a, b);
            len[i] = b - a;
            for (int p = a; p < b && g.indices[p] < i; p++) {
                heap.append(dist[p], i, g.indices[p]);
            }
        }
        heap.heapify();
        int[] used = new int[nodes];
        Arrays.fill(used, 0, n, 1);
        int[] children = new int[2 * (n - 1)];
        double[] distances = new double[n - 1];
        double[] w = new double[1];
        int[] ij = new int[2];
        int[] outKeys = new int[16];
        double[] outVals = new double[16];
        long step = Math.max(1, (n - 1) / 200);
        for (int k = n; k < nodes; k++) {
            int i;
            int j;
            while (true) {
                if (heap.size() == 0) {
                    throw new IllegalStateException("linkage: the heap ran out at merge " + (k - n));
                }
                heap.pop(w, ij);
                i = ij[0];
                j = ij[1];
                if (used[i] != 0 && used[j] != 0) {
                    break;
                }
            }
            distances[k - n] = w[0];
            children[2 * (k - n)] = j;
            children[2 * (k - n) + 1] = i;
            int ni = used[i];
            int nj = used[j];
            used[k] = ni + nj;
            used[i] = 0;
            used[j] = 0;
            int need = len[i] + len[j];
            if (outKeys.length < need) {
                outKeys = new int[need];
                outVals = new double[need];
            }
            int m = merge(keys[i], vals[i], len[i], keys[j], vals[j], len[j], used, ni, nj, average, outKeys,
                    outVals);
            for (int c = 0; c < m; c++) {
                int col = outKeys[c];
                if (len[col] == keys[col].length) {
                    int cap = Math.max(4, len[col] * 3 / 2 + 1);
                    keys[col] = Arrays.copyOf(keys[col], cap);
                    vals[col] = Arrays.copyOf(vals[col], cap);
                }
                keys[col][len[col]] = k;
                vals[col][len[col]] = outVals[c];
                len[col]++;
                heap.push(outVals[c], k, col);
            }
            keys[k] = Arrays.copyOf(outKeys, m);
            vals[k] = Arrays.copyOf(outVals, m);
            len[k] = m;
            keys[i] = keys[j] = null;
            vals[i] = vals[j] = null;
            if ((k - n + 1) % step == 0) {
                progress.step(k - n + 1, n - 1);
            }
        }
        progress.step(n - 1, n - 1);
        return new MergeTree(n, children, distances);
    }

    /** {@code max_merge} / {@code average_merge} of two sorted maps, live keys only, into sorted output. */
    private static int merge(int[] ka, double[] va, int la, int[] kb, double[] vb, int lb, int[] mask, int na,
            int nb, boolean average, int[] ok, double[] ov) {
        double nOut = na + nb;
        int p = 0;
        int q = 0;
        int m = 0;
        while (p < la || q < lb) {
            int a = p < la ? ka[p] : Integer.MAX_VALUE;
            int b = q < lb ? kb[q] : Integer.MAX_VALUE;
            if (a < b) {
                if (mask[a] != 0) {
                    ok[m] = a;
                    ov[m++] = va[p];
                }
                p++;
            } else if (b < a) {
                if (mask[b] != 0) {
                    ok[m] = b;
                    ov[m++] = vb[q];
                }
                q++;
            } else {
                if (mask[a] != 0) {
                    ok[m] = a;
                    ov[m++] = average ? (na * va[p] + nb * vb[q]) / nOut : fmax(va[p], vb[q]);
                }
                p++;
                q++;
            }
        }
        return m;
    }

    /** C's {@code fmax}: a NaN argument yields the other (distances are never NaN here). */
    private static double fmax(double a, double b) {
        return a >= b ? a : b;
    }

    private static MergeTree single(ConnectivityGraph g, double[] dist) {
        int n = g.n;
        int e = dist.length;
        double eps = Math.ulp(1.0);
        double[] weight = new double[e];
        int[] rowOf = new int[e];
        for (int i = 0; i < n; i++) {
            for (int p = g.indptr[i]; p < g.indptr[i + 1]; p++) {
                rowOf[p] = i;
                weight[p] = dist[p] == 0 ? eps : dist[p];
            }
        }
        int[] order = NumpyArgsort.argsort(weight);
        int[] uf = new int[n];
        for (int v = 0; v < n; v++) {
            uf[v] = v;
        }
        boolean[] inTree = new boolean[e];
        int taken = 0;
        for (int t = 0; t < e && taken < n - 1; t++) {
            int p = order[t];
            int r1 = WardTree.find(uf, rowOf[p]);
            int r2 = WardTree.find(uf, g.indices[p]);
            if (r1 != r2) {
                uf[r2] = r1;
                inTree[p] = true;
                taken++;
            }
        }
        if (taken != n - 1) {
            throw new IllegalStateException("single: the spanning tree has " + taken + " of " + (n - 1) + " edges");
        }
        int[] a = new int[n - 1];
        int[] b = new int[n - 1];
        double[] w = new double[n - 1];
        int q = 0;
        for (int p = 0; p < e; p++) {
            if (inTree[p]) {
                a[q] = rowOf[p];
                b[q] = g.indices[p];
                w[q] = weight[p] == eps ? 0 : weight[p];
                q++;
            }
        }
        int[] byWeight = stableOrder(w);
        int[] sa = new int[n - 1];
        int[] sb = new int[n - 1];
        double[] sw = new double[n - 1];
        for (int m = 0; m < n - 1; m++) {
            sa[m] = a[byWeight[m]];
            sb[m] = b[byWeight[m]];
            sw[m] = w[byWeight[m]];
        }
        return SingleLinkageLabel.label(n, sa, sb, sw);
    }

    /** The permutation that sorts {@code v} ascending, equal values in index order (numpy's stable argsort). */
    static int[] stableOrder(double[] v) {
        long[] bits = new long[v.length];
        int[] idx = new int[v.length];
        for (int p = 0; p < v.length; p++) {
            bits[p] = Double.doubleToLongBits(v[p] + 0.0);
            idx[p] = p;
        }
        mergeSort(idx, bits);
        return idx;
    }

    private static void mergeSort(int[] idx, long[] key) {
        int[] tmp = new int[idx.length];
        for (int width = 1; width < idx.length; width *= 2) {
            for (int lo = 0; lo < idx.length - width; lo += 2 * width) {
                int mid = lo + width;
                int hi = Math.min(lo + 2 * width, idx.length);
                int p = lo;
                int q = mid;
                int o = lo;
                while (p < mid && q < hi) {
                    tmp[o++] = key[idx[q]] < key[idx[p]] ? idx[q++] : idx[p++];
                }
                while (p < mid) {
                    tmp[o++] = idx[p++];
                }
                while (q < hi) {
                    tmp[o++] = idx[q++];
                }
                System.arraycopy(tmp, lo, idx, lo, hi - lo);
            }
        }
    }
}
