package org.descry.outlier;

import java.util.Map;
import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.model.Provenance;

/**
 * Isolation forest (Liu, Ting, Zhou 2008, "Isolation forest"): trees of random axis-aligned splits grown on
 * random subsamples; outliers are isolated in fewer splits. The score is {@code 2^(-E[h(x)] / c(psi))}, with
 * {@code h} the path length (depth plus {@code c(leaf size)}) and {@code psi} the subsample size: scikit-learn
 * 1.2.1's {@code -score_samples}, in (0, 1], about 0.5 and below for inliers.
 *
 * <p>As scikit-learn: {@code psi = min(maxSamples, n)} rows drawn without replacement per tree, every feature
 * considered ({@code max_features=1.0}, no bootstrap), depth limit {@code ceil(log2(psi))}, feature drawn among
 * those not constant on the node, threshold uniform between its minimum and maximum there. The random numbers
 * differ (Java's {@link SplittableRandom}, one stream per tree from the seed, so the forest does not depend on
 * the thread count); the scores agree with scikit-learn's statistically, not row by row.
 *
 * @param nEstimators   trees, {@code >= 1} (default 100)
 * @param maxSamples    subsample size per tree, {@code >= 2} (default 256, capped at {@code n})
 * @param contamination expected outlier fraction, in {@code (0, 0.5]}
 * @param seed          random seed
 * @param threads       worker threads, {@code >= 1}
 */
public record IsolationForest(int nEstimators, int maxSamples, double contamination, long seed, int threads)
        implements OutlierDetector {

    public IsolationForest {
        if (nEstimators < 1) {
            throw new IllegalArgumentException("nEstimators must be >= 1, got " + nEstimators);
        }
        if (maxSamples < 2) {
            throw new IllegalArgumentException("maxSamples must be >= 2, got " + maxSamples);
        }
        Contamination.check(contamination);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** 100 trees of 256 rows, contamination 0.1, seed 0, all processors. */
    public static IsolationForest of() {
        return new IsolationForest(100, 256, 0.1, 0, Workers.defaultThreads());
    }

    public IsolationForest withNEstimators(int v) {
        return new IsolationForest(v, maxSamples, contamination, seed, threads);
    }

    public IsolationForest withMaxSamples(int v) {
        return new IsolationForest(nEstimators, v, contamination, seed, threads);
    }

    public IsolationForest withContamination(double v) {
        return new IsolationForest(nEstimators, maxSamples, v, seed, threads);
    }

    public IsolationForest withSeed(long v) {
        return new IsolationForest(nEstimators, maxSamples, contamination, v, threads);
    }

    public IsolationForest withThreads(int v) {
        return new IsolationForest(nEstimators, maxSamples, contamination, seed, v);
    }

    @Override
    public String name() {
        return "iforest";
    }

    @Override
    public IsolationForestModel fit(FloatMatrix x, Progress progress) {
        Contamination.requireRows(x, 2, "isolation forest");
        Contamination.requireFinite(x, "x");
        int n = x.rows();
        int d = x.cols();
        int psi = Math.min(maxSamples, n);
        int maxDepth = (int) Math.ceil(Math.log(psi) / Math.log(2));
        SplittableRandom master = new SplittableRandom(seed);
        long[] treeSeeds = new long[nEstimators];
        for (int t = 0; t < nEstimators; t++) {
            treeSeeds[t] = master.nextLong();
        }
        IsolationTree[] trees = new IsolationTree[nEstimators];
        int workers = Workers.workers(threads, nEstimators);
        long[][] taken = new long[workers][(n + 63) / 64];
        float[][] sample = new float[workers][psi * d];
        int[][] picked = new int[workers][psi];
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        Workers.forEach(threads, nEstimators, (w, t) -> {
            SplittableRandom rnd = new SplittableRandom(treeSeeds[t]);
            long[] bits = taken[w];
            int[] rows = picked[w];
            for (int i = 0; i < psi; ) {
                int r = rnd.nextInt(n);
                if ((bits[r >>> 6] & (1L << r)) == 0) {
                    bits[r >>> 6] |= 1L << r;
                    rows[i++] = r;
                }
            }
            for (int i = 0; i < psi; i++) {
                bits[rows[i] >>> 6] = 0;
                x.copyRow(rows[i], sample[w], i * d);
            }
            trees[t] = IsolationTree.grow(sample[w], psi, d, maxDepth, rnd);
            progress.step(done.incrementAndGet(), nEstimators + 1L);
        });
        Provenance p = Provenance.of("iforest", Map.of("n_estimators", nEstimators, "max_samples", maxSamples,
                "contamination", contamination), seed, n + " x " + d);
        double[] scores = IsolationForestModel.score(trees, psi, x, threads);
        progress.step(nEstimators + 1L, nEstimators + 1L);
        return new IsolationForestModel(trees, psi, d, scores, contamination,
                Contamination.threshold(scores, contamination), threads, p);
    }
}
