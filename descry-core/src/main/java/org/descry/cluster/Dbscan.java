package org.descry.cluster;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.knn.Metric;
import org.descry.model.Provenance;

/**
 * DBSCAN (Ester, Kriegel, Sander and Xu, "A density-based algorithm for discovering clusters in large spatial
 * databases with noise", KDD 1996) with scikit-learn 1.2.1's {@code DBSCAN} semantics: the
 * {@code eps}-neighbourhood of a row includes the row itself and every row at distance {@code <= eps}; a row is
 * a core sample when its neighbourhood holds at least {@code minSamples} rows; clusters are the connected
 * components of core samples joined within {@code eps}, numbered in the order of their lowest-index core sample;
 * a non-core row within {@code eps} of core samples of several clusters joins the lowest-numbered one (the one
 * scikit-learn's depth-first expansion in {@code _dbscan_inner.pyx}, which runs cluster by cluster in index
 * order, reaches first); all other rows are noise, {@code -1}. Labels and core sample indices equal
 * scikit-learn's on float64 input.
 *
 * <p>scikit-learn stores every neighbourhood, which at full size is quadratic memory. Here neighbourhoods are
 * never stored: three blocked passes of the product kernel ({@link RadiusScan}) count neighbours (each unordered
 * pair once), join core samples with a union-find (each core pair once), and attach the non-core rows to the
 * lowest cluster among their core neighbours. Memory is linear in the row count whatever {@code eps} is; time
 * is that of about one and a half all-pairs passes.
 *
 * @param eps        neighbourhood radius, {@code > 0}
 * @param minSamples rows (the row itself included) a neighbourhood needs for a core sample, {@code >= 1}
 * @param metric     Euclidean or cosine distance
 * @param threads    worker threads, {@code >= 1}
 */
public record Dbscan(double eps, int minSamples, Metric metric, int threads) {

    public Dbscan {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be a finite number > 0, got " + eps);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be >= 1, got " + minSamples);
        }
        Objects.requireNonNull(metric, "metric");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** scikit-learn's defaults: {@code eps=0.5, min_samples=5}, Euclidean, all processors. */
    public static Dbscan of() {
        return new Dbscan(0.5, 5, Metric.EUCLIDEAN, Workers.defaultThreads());
    }

    /** {@code eps} with scikit-learn's other defaults. */
    public static Dbscan of(double eps) {
        return of().withEps(eps);
    }

    public Dbscan withEps(double eps) {
        return new Dbscan(eps, minSamples, metric, threads);
    }

    public Dbscan withMinSamples(int minSamples) {
        return new Dbscan(eps, minSamples, metric, threads);
    }

    public Dbscan withMetric(Metric metric) {
        return new Dbscan(eps, minSamples, metric, threads);
    }

    public Dbscan withThreads(int threads) {
        return new Dbscan(eps, minSamples, metric, threads);
    }

    Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("eps", eps);
        c.put("min_samples", minSamples);
        c.put("metric", metric.toString());
        return c;
    }

    public DbscanModel fit(FloatMatrix x, Progress progress) {
        return fit(x, x.rows() + " x " + x.cols(), progress);
    }

    /** As {@link #fit(FloatMatrix, Progress)}, recording {@code input} in the provenance. */
    public DbscanModel fit(FloatMatrix x, String input, Progress progress) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(progress, "progress");
        if (x.rows() < 1) {
            throw new DescryException("x: DBSCAN needs at least 1 row, got 0");
        }
        DataStats.requireFinite(x, "x");
        int n = x.rows();
        Progress stage1 = (done, total) -> progress.step(done / 2, total);
        int[] counts = neighbourCounts(x, stage1);
        int[] core = coreIndices(counts);
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        int[] coreLabels = joinCores(x, core, labels, (done, total) -> progress.step(total / 2 + done / 4, total));
        attachBorders(x, core, coreLabels, labels);
        progress.step(1, 1);
        int clusters = 0;
        for (int l : coreLabels) {
            clusters = Math.max(clusters, l + 1);
        }
        FloatMatrix coreRows = FloatMatrix.zeros(core.length, x.cols());
        float[] row = new float[x.cols()];
        for (int i = 0; i < core.length; i++) {
            x.copyRow(core[i], row, 0);
            coreRows.setRow(i, row, 0);
        }
        return new DbscanModel(eps, metric, clusters, labels, core, coreRows, coreLabels,
                Provenance.of(DbscanModel.KIND, config(), 0, input));
    }

    /** Neighbourhood sizes, the row itself included: each unordered pair counted once, for both rows. */
    private int[] neighbourCounts(FloatMatrix x, Progress progress) {
        int n = x.rows();
        RadiusScan scan = new RadiusScan(x, null, x, null, metric);
        int workers = Math.max(1, threads);
        int[][] perWorker = new int[workers][];
        scan.run(eps, true, false, threads, (w, q, r, dist) -> {
            int[] c = perWorker[w];
            if (c == null) {
                c = new int[n];
                perWorker[w] = c;
            }
            c[q]++;
            c[r]++;
        }, progress);
        int[] counts = new int[n];
        Arrays.fill(counts, 1);
        for (int[] c : perWorker) {
            if (c != null) {
                for (int i = 0; i < n; i++) {
                    counts[i] += c[i];
                }
            }
        }
        return counts;
    }

    private int[] coreIndices(int[] counts) {
        int m = 0;
        for (int c : counts) {
            if (c >= minSamples) {
                m++;
            }
        }
        int[] core = new int[m];
        int j = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] >= minSamples) {
                core[j++] = i;
            }
        }
        return core;
    }

    /**
     * Labels the core samples: union-find over core pairs within {@code eps}, components numbered by their
     * lowest core index. Returns the label of each core sample (by position in {@code core}).
     */
    private int[] joinCores(FloatMatrix x, int[] core, int[] labels, Progress progress) {
        int m = core.length;
        int[] parent = new int[m];
        for (int i = 0; i < m; i++) {
            parent[i] = i;
        }
        RadiusScan scan = new RadiusScan(x, core, x, core, metric);
        int[][] edges = new int[Math.max(1, threads)][];
        int[] fill = new int[edges.length];
        scan.run(eps, true, false, threads, (w, q, r, dist) -> {
            int[] e = edges[w];
            if (e == null) {
                e = new int[2 * EDGE_BATCH];
                edges[w] = e;
            }
            e[fill[w]++] = q;
            e[fill[w]++] = r;
            if (fill[w] == e.length) {
                union(parent, e, fill[w]);
                fill[w] = 0;
            }
        }, progress);
        for (int w = 0; w < edges.length; w++) {
            if (edges[w] != null) {
                union(parent, edges[w], fill[w]);
            }
        }
        int[] coreLabels = new int[m];
        int[] rootLabel = new int[m];
        Arrays.fill(rootLabel, -1);
        int next = 0;
        for (int i = 0; i < m; i++) {
            int root = find(parent, i);
            if (rootLabel[root] < 0) {
                rootLabel[root] = next++;
            }
            coreLabels[i] = rootLabel[root];
            labels[core[i]] = coreLabels[i];
        }
        return coreLabels;
    }

    private static final int EDGE_BATCH = 1 << 13;

    /** Joins the pairs {@code edges[0..count)} (flat), one worker at a time: batches keep the lock rare. */
    private static void union(int[] parent, int[] edges, int count) {
        synchronized (parent) {
            for (int e = 0; e < count; e += 2) {
                int a = find(parent, edges[e]);
                int b = find(parent, edges[e + 1]);
                if (a != b) {
                    parent[Math.max(a, b)] = Math.min(a, b);
                }
            }
        }
    }

    private static int find(int[] parent, int i) {
        int root = i;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[i] != root) {
            int next = parent[i];
            parent[i] = root;
            i = next;
        }
        return root;
    }

    /** Each non-core row takes the lowest label among its core neighbours, or stays noise. */
    private void attachBorders(FloatMatrix x, int[] core, int[] coreLabels, int[] labels) {
        int n = x.rows();
        int[] other = new int[n - core.length];
        int j = 0;
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (c < core.length && core[c] == i) {
                c++;
            } else {
                other[j++] = i;
            }
        }
        if (other.length == 0 || core.length == 0) {
            return;
        }
        RadiusScan scan = new RadiusScan(x, other, x, core, metric);
        scan.run(eps, false, false, threads, (w, q, r, dist) -> {
            int row = other[q];
            int l = coreLabels[r];
            if (labels[row] < 0 || l < labels[row]) {
                labels[row] = l;
            }
        }, Progress.NONE);
    }
}
