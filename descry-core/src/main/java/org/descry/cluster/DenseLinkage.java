package org.descry.cluster;

import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;

/**
 * Agglomerative clustering without a connectivity graph, as scikit-learn 1.2.1 does it. Ward, complete and
 * average call scipy's {@code linkage}: the condensed float64 distance matrix ({@code pdist}), the
 * nearest-neighbour chain algorithm ({@code _hierarchy.nn_chain}, Müllner 2011) with the Lance-Williams updates
 * of {@code _hierarchy_distance_update.pxi}, the merges stably sorted by distance and relabelled by union-find
 * ({@code label}: the smaller top node first). Single linkage is scikit-learn's own {@code mst_linkage_core}
 * (Prim's algorithm over distances computed on the fly, Müllner's MST-LINKAGE-CORE) followed by a stable sort and
 * {@code _single_linkage_label}.
 *
 * <p>The condensed matrix holds {@code n(n-1)/2} doubles: 1.6 GB at 20,000 rows, and a Java array caps it at
 * about 65,500 rows; {@link AgglomerativeClustering#denseLimit()} guards it.
 */
final class DenseLinkage {

    private DenseLinkage() {}

    static long condensedSize(int n) {
        return (long) n * (n - 1) / 2;
    }

    private static long index(int n, int i, int j) {
        if (i > j) {
            int t = i;
            i = j;
            j = t;
        }
        return (long) n * i - ((long) i * (i + 1) / 2) + (j - i - 1);
    }

    static MergeTree build(FloatMatrix x, Linkage linkage, int threads, Progress progress) {
        float[] rows = x.toArray();
        int n = x.rows();
        int d = x.cols();
        if (linkage == Linkage.SINGLE) {
            return mstSingle(rows, n, d);
        }
        double[] dist = pdist(rows, n, d, threads);
        return nnChain(dist, n, linkage, progress);
    }

    private static double[] pdist(float[] rows, int n, int d, int threads) {
        double[] out = new double[(int) condensedSize(n)];
        int blocks = Math.max(1, Math.min(n, threads * 16));
        Workers.forEach(threads, blocks, t -> {
            for (int i = t; i < n; i += blocks) {
                long base = index(n, i, i + 1) - (i + 1);
                for (int j = i + 1; j < n; j++) {
                    double s = 0;
                    for (int f = 0; f < d; f++) {
                        double diff = (double) rows[i * d + f] - rows[j * d + f];
                        s += diff * diff;
                    }
                    out[(int) (base + j)] = Math.sqrt(s);
                }
            }
        });
        return out;
    }

    private static MergeTree nnChain(double[] dist, int n, Linkage linkage, Progress progress) {
        int[] size = new int[n];
        java.util.Arrays.fill(size, 1);
        int[] chain = new int[n];
        int chainLength = 0;
        int[] zx = new int[n - 1];
        int[] zy = new int[n - 1];
        double[] zd = new double[n - 1];
        int y = 0;
        long step = Math.max(1, (n - 1) / 200);
        for (int k = 0; k < n - 1; k++) {
            if (chainLength == 0) {
                chainLength = 1;
                for (int i = 0; i < n; i++) {
                    if (size[i] > 0) {
                        chain[0] = i;
                        break;
                    }
                }
            }
            int x;
            double currentMin;
            while (true) {
                x = chain[chainLength - 1];
                if (chainLength > 1) {
                    y = chain[chainLength - 2];
                    currentMin = dist[(int) index(n, x, y)];
                } else {
                    currentMin = Double.POSITIVE_INFINITY;
                }
                for (int i = 0; i < n; i++) {
                    if (size[i] == 0 || x == i) {
                        continue;
                    }
                    double v = dist[(int) index(n, x, i)];
                    if (v < currentMin) {
                        currentMin = v;
                        y = i;
                    }
                }
                if (chainLength > 1 && y == chain[chainLength - 2]) {
                    break;
                }
                chain[chainLength++] = y;
            }
            chainLength -= 2;
            if (x > y) {
                int t = x;
                x = y;
                y = t;
            }
            int nx = size[x];
            int ny = size[y];
            zx[k] = x;
            zy[k] = y;
            zd[k] = currentMin;
            size[x] = 0;
            size[y] = nx + ny;
            for (int i = 0; i < n; i++) {
                int ni = size[i];
                if (ni == 0 || i == y) {
                    continue;
                }
                int ix = (int) index(n, i, x);
                int iy = (int) index(n, i, y);
                dist[iy] = update(linkage, dist[ix], dist[iy], currentMin, nx, ny, ni);
            }
            if ((k + 1) % step == 0) {
                progress.step(k + 1, n - 1);
            }
        }
        int[] order = LinkageTree.stableOrder(zd);
        int[] uf = new int[2 * n - 1];
        for (int v = 0; v < uf.length; v++) {
            uf[v] = v;
        }
        int[] children = new int[2 * (n - 1)];
        double[] distances = new double[n - 1];
        for (int m = 0; m < n - 1; m++) {
            int o = order[m];
            int a = WardTree.find(uf, zx[o]);
            int b = WardTree.find(uf, zy[o]);
            children[2 * m] = Math.min(a, b);
            children[2 * m + 1] = Math.max(a, b);
            distances[m] = zd[o];
            uf[a] = n + m;
            uf[b] = n + m;
        }
        progress.step(n - 1, n - 1);
        return new MergeTree(n, children, distances);
    }

    /** scipy's Lance-Williams updates, operation for operation (sizes are C ints). */
    private static double update(Linkage linkage, double dxi, double dyi, double dxy, int sx, int sy, int si) {
        return switch (linkage) {
            case COMPLETE -> Math.max(dxi, dyi);
            case AVERAGE -> (sx * dxi + sy * dyi) / (sx + sy);
            case WARD -> {
                double t = 1.0 / (sx + sy + si);
                yield Math.sqrt((si + sx) * t * dxi * dxi + (si + sy) * t * dyi * dyi - si * t * dxy * dxy);
            }
            case SINGLE -> Math.min(dxi, dyi);
        };
    }

    /** scikit-learn's {@code mst_linkage_core}, then the stable weight sort and {@code _single_linkage_label}. */
    private static MergeTree mstSingle(float[] rows, int n, int d) {
        boolean[] inTree = new boolean[n];
        double[] current = new double[n];
        java.util.Arrays.fill(current, Double.POSITIVE_INFINITY);
        int[] a = new int[n - 1];
        int[] b = new int[n - 1];
        double[] w = new double[n - 1];
        int node = 0;
        for (int i = 0; i < n - 1; i++) {
            inTree[node] = true;
            double best = Double.POSITIVE_INFINITY;
            int next = 0;
            for (int j = 0; j < n; j++) {
                if (inTree[j]) {
                    continue;
                }
                double s = 0;
                for (int f = 0; f < d; f++) {
                    double diff = (double) rows[node * d + f] - rows[j * d + f];
                    s += diff * diff;
                }
                double left = Math.sqrt(s);
                if (left < current[j]) {
                    current[j] = left;
                }
                if (current[j] < best) {
                    best = current[j];
                    next = j;
                }
            }
            a[i] = node;
            b[i] = next;
            w[i] = best;
            node = next;
        }
        int[] order = LinkageTree.stableOrder(w);
        int[] sa = new int[n - 1];
        int[] sb = new int[n - 1];
        double[] sw = new double[n - 1];
        for (int m = 0; m < n - 1; m++) {
            sa[m] = a[order[m]];
            sb[m] = b[order[m]];
            sw[m] = w[order[m]];
        }
        return SingleLinkageLabel.label(n, sa, sb, sw);
    }
}
