package org.descry.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.linalg.Kernels;
import org.descry.model.Provenance;

/**
 * Bisecting k-means as scikit-learn 1.2's {@code BisectingKMeans}: starting from one cluster, repeatedly split
 * the leaf with the highest score (its inertia for {@link Strategy#BIGGEST_INERTIA}, its size for
 * {@link Strategy#LARGEST_CLUSTER}; ties to the first leaf in depth-first order) with {@code nInit} runs of
 * 2-means (the best needs an inertia below {@code (1 - 1e-6)} times the previous best), until there are
 * {@code k} leaves. Labels number the leaves depth-first, left to right; the hierarchy is kept and
 * {@link BisectingKMeansModel#predict} walks it down as scikit-learn does.
 *
 * <p>As in scikit-learn 1.2.1, the inner 2-means runs receive {@code tol} unscaled (an absolute bound on the
 * squared centre shift), and the defaults are {@code init="random"}, {@code n_init=1}.
 */
public record BisectingKMeans(int k, KMeans.Init init, int nInit, int maxIter, double tol,
                              KMeans.Algorithm algorithm, Strategy strategy, long seed, int threads) {

    /** Which leaf to split next. */
    public enum Strategy {
        BIGGEST_INERTIA, LARGEST_CLUSTER;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public BisectingKMeans {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        java.util.Objects.requireNonNull(init, "init");
        java.util.Objects.requireNonNull(algorithm, "algorithm");
        java.util.Objects.requireNonNull(strategy, "strategy");
        if (init == KMeans.Init.GIVEN) {
            throw new IllegalArgumentException("init must be 'k-means++' or 'random' for bisecting k-means, got "
                    + init);
        }
        if (nInit < 1) {
            throw new IllegalArgumentException("nInit must be >= 1, got " + nInit);
        }
        if (maxIter < 1) {
            throw new IllegalArgumentException("maxIter must be >= 1, got " + maxIter);
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("tol must be a finite number >= 0, got " + tol);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** scikit-learn 1.2's defaults with {@code k} clusters, seed 0, all processors. */
    public static BisectingKMeans of(int k) {
        return new BisectingKMeans(k, KMeans.Init.RANDOM, 1, 300, 1e-4, KMeans.Algorithm.LLOYD,
                Strategy.BIGGEST_INERTIA, 0, Workers.defaultThreads());
    }

    public BisectingKMeans withInit(KMeans.Init init) {
        return new BisectingKMeans(k, init, nInit, maxIter, tol, algorithm, strategy, seed, threads);
    }

    public BisectingKMeans withNInit(int nInit) {
        return new BisectingKMeans(k, init, nInit, maxIter, tol, algorithm, strategy, seed, threads);
    }

    public BisectingKMeans withMaxIter(int maxIter) {
        return new BisectingKMeans(k, init, nInit, maxIter, tol, algorithm, strategy, seed, threads);
    }

    public BisectingKMeans withTol(double tol) {
        return new BisectingKMeans(k, init, nInit, maxIter, tol, algorithm, strategy, seed, threads);
    }

    public BisectingKMeans withAlgorithm(KMeans.Algorithm algorithm) {
        return new BisectingKMeans(k, init, nInit, maxIter, tol, algorithm, strategy, seed, threads);
    }

    public BisectingKMeans withStrategy(Strategy strategy) {
        return new BisectingKMeans(k, init, nInit, maxIter, tol, algorithm, strategy, seed, threads);
    }

    public BisectingKMeans withSeed(long seed) {
        return new BisectingKMeans(k, init, nInit, maxIter, tol, algorithm, strategy, seed, threads);
    }

    public BisectingKMeans withThreads(int threads) {
        return new BisectingKMeans(k, init, nInit, maxIter, tol, algorithm, strategy, seed, threads);
    }

    public BisectingKMeansModel fit(FloatMatrix x) {
        return fit(x, Progress.NONE);
    }

    /** Fits; progress counts splits. */
    public BisectingKMeansModel fit(FloatMatrix x, Progress progress) {
        java.util.Objects.requireNonNull(x, "x");
        KMeans.checkRows(x, k);
        int n = x.rows();
        int d = x.cols();
        DataStats stats = DataStats.of(x, "x", threads);
        Kernels kernels = Kernels.best().withThreads(threads);
        SplittableRandom random = new SplittableRandom(seed);
        KMeans inner = new KMeans(2, KMeans.Init.RANDOM, null, 1, maxIter, tol, algorithm, seed, threads);

        List<float[]> centres = new ArrayList<>();
        List<int[]> members = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        List<int[]> children = new ArrayList<>();
        float[] mean = new float[d];
        for (int q = 0; q < d; q++) {
            mean[q] = (float) stats.mean()[q];
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        centres.add(mean);
        members.add(all);
        scores.add(0.0);
        children.add(null);
        for (int split = 0; split < k - 1; split++) {
            int leaf = -1;
            for (int node : leaves(children, 0, new ArrayList<>())) {
                if (leaf < 0 || scores.get(node) > scores.get(leaf)) {
                    leaf = node;
                }
            }
            int[] rows = members.get(leaf);
            FloatMatrix sub = x.selectRows(rows);
            Lloyd.Result best = null;
            for (int run = 0; run < nInit; run++) {
                float[] start = init == KMeans.Init.K_MEANS_PLUS_PLUS
                        ? KMeansPlusPlus.seed(sub, 2, random, kernels, threads)
                        : KMeans.randomRows(sub, 2, random);
                Lloyd.Result r = inner.single(sub, start, tol, kernels, Progress.NONE);
                if (best == null || r.inertia() < best.inertia() * (1 - 1e-6)) {
                    best = r;
                }
            }
            int[] labels = best.labels();
            int left = 0;
            for (int l : labels) {
                left += l == 0 ? 1 : 0;
            }
            int[] leftRows = new int[left];
            int[] rightRows = new int[rows.length - left];
            double[] score = new double[2];
            for (int i = 0, a = 0, b = 0; i < rows.length; i++) {
                if (labels[i] == 0) {
                    leftRows[a++] = rows[i];
                } else {
                    rightRows[b++] = rows[i];
                }
            }
            if (strategy == Strategy.BIGGEST_INERTIA) {
                float[] dist = Lloyd.distancesToOwnCentre(sub, best.centres(), labels, kernels, threads);
                for (int i = 0; i < labels.length; i++) {
                    score[labels[i]] += dist[i];
                }
            } else {
                score[0] = leftRows.length;
                score[1] = rightRows.length;
            }
            children.set(leaf, new int[] {centres.size(), centres.size() + 1});
            members.set(leaf, null);
            for (int side = 0; side < 2; side++) {
                float[] c = new float[d];
                System.arraycopy(best.centres(), side * d, c, 0, d);
                centres.add(c);
                members.add(side == 0 ? leftRows : rightRows);
                scores.add(score[side]);
                children.add(null);
            }
            progress.step(split + 1, k - 1);
        }
        int nodes = centres.size();
        float[] nodeCentres = new float[nodes * d];
        int[] left = new int[nodes];
        int[] right = new int[nodes];
        int[] leafLabel = new int[nodes];
        java.util.Arrays.fill(leafLabel, -1);
        for (int node = 0; node < nodes; node++) {
            System.arraycopy(centres.get(node), 0, nodeCentres, node * d, d);
            int[] ch = children.get(node);
            left[node] = ch == null ? -1 : ch[0];
            right[node] = ch == null ? -1 : ch[1];
        }
        int[] labels = new int[n];
        float[] leafCentres = new float[k * d];
        int label = 0;
        for (int node : leaves(children, 0, new ArrayList<>())) {
            leafLabel[node] = label;
            for (int r : members.get(node)) {
                labels[r] = label;
            }
            System.arraycopy(centres.get(node), 0, leafCentres, label * d, d);
            label++;
        }
        double inertia = Lloyd.inertia(x, leafCentres, labels, kernels, threads);
        Provenance provenance = Provenance.of("bisecting-kmeans", config(), seed, n + " x " + d);
        return new BisectingKMeansModel(FloatMatrix.wrap(leafCentres, k, d), labels, inertia,
                FloatMatrix.wrap(nodeCentres, nodes, d), left, right, leafLabel, provenance);
    }

    /** Leaves under {@code node}, depth-first, left before right (scikit-learn's {@code iter_leaves}). */
    private static List<Integer> leaves(List<int[]> children, int node, List<Integer> out) {
        int[] ch = children.get(node);
        if (ch == null) {
            out.add(node);
        } else {
            leaves(children, ch[0], out);
            leaves(children, ch[1], out);
        }
        return out;
    }

    private Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", k);
        m.put("init", init.toString());
        m.put("n_init", nInit);
        m.put("max_iter", maxIter);
        m.put("tol", tol);
        m.put("algorithm", algorithm.toString());
        m.put("bisecting_strategy", strategy.toString());
        m.put("threads", threads);
        return m;
    }
}
