package org.descry.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.linalg.Kernels;
import org.descry.model.Provenance;

/**
 * Mini-batch k-means (Sculley 2010, "Web-scale k-means clustering") with scikit-learn 1.2's
 * {@code MiniBatchKMeans} semantics and defaults: {@code batch_size=1024}, {@code max_iter=100} passes' worth of
 * steps, {@code n_init=3} k-means++ seedings each on {@code init_size} rows ({@code 3 * batch_size}) drawn with
 * replacement, the best judged by its inertia on another {@code init_size} validation sample; per-centre counts
 * giving each centre its learning rate ({@code _mini_batch_step}: the new centre is the count-weighted mean of
 * the old centre and its batch rows); every {@code 10 k} rows, centres whose count is below
 * {@code reassignment_ratio} times the largest are moved to random batch rows; early stopping when the
 * exponentially weighted average of the batch inertia has not improved for {@code max_no_improvement} steps, or
 * when {@code tol > 0} and the squared centre change is at most {@code tol} times the mean feature variance.
 * The labels and inertia of the fitted model come from a last full assignment ({@code compute_labels=True}).
 *
 * <p>Batches are sampled with {@link SplittableRandom}, so a seed does not reproduce scikit-learn's run.
 *
 * @param maxNoImprovement steps without EWA-inertia improvement before stopping; 0 disables (sklearn's None)
 * @param initSize         rows for each seeding, 0 for scikit-learn's default ({@code 3 * batch_size}, at least
 *                         {@code 3 k}, at most {@code n})
 */
public record MiniBatchKMeans(int k, KMeans.Init init, FloatMatrix initialCentres, int nInit, int batchSize,
                              int maxIter, int initSize, double reassignmentRatio, int maxNoImprovement,
                              double tol, long seed, int threads) {

    public MiniBatchKMeans {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        java.util.Objects.requireNonNull(init, "init");
        if ((init == KMeans.Init.GIVEN) != (initialCentres != null)) {
            throw new IllegalArgumentException("initialCentres must be given exactly when init is 'given'");
        }
        if (initialCentres != null && initialCentres.rows() != k) {
            throw new IllegalArgumentException("initialCentres must have k=" + k + " rows, got "
                    + initialCentres.rows());
        }
        if (nInit < 1) {
            throw new IllegalArgumentException("nInit must be >= 1, got " + nInit);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (maxIter < 1) {
            throw new IllegalArgumentException("maxIter must be >= 1, got " + maxIter);
        }
        if (initSize < 0) {
            throw new IllegalArgumentException("initSize must be >= 0 (0: 3 * batchSize), got " + initSize);
        }
        if (!(reassignmentRatio >= 0) || Double.isInfinite(reassignmentRatio)) {
            throw new IllegalArgumentException("reassignmentRatio must be a finite number >= 0, got "
                    + reassignmentRatio);
        }
        if (maxNoImprovement < 0) {
            throw new IllegalArgumentException("maxNoImprovement must be >= 0 (0: never), got " + maxNoImprovement);
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("tol must be a finite number >= 0, got " + tol);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (initialCentres != null) {
            initialCentres = initialCentres.copy();
            DataStats.requireFinite(initialCentres, "initialCentres");
        }
    }

    /** scikit-learn 1.2's defaults with {@code k} clusters, seed 0, all processors. */
    public static MiniBatchKMeans of(int k) {
        return new MiniBatchKMeans(k, KMeans.Init.K_MEANS_PLUS_PLUS, null, 3, 1024, 100, 0, 0.01, 10, 0.0, 0,
                Workers.defaultThreads());
    }

    public MiniBatchKMeans withInit(KMeans.Init init) {
        return new MiniBatchKMeans(k, init, null, nInit, batchSize, maxIter, initSize, reassignmentRatio,
                maxNoImprovement, tol, seed, threads);
    }

    public MiniBatchKMeans withInitialCentres(FloatMatrix c) {
        return new MiniBatchKMeans(k, KMeans.Init.GIVEN, c, 1, batchSize, maxIter, initSize, reassignmentRatio,
                maxNoImprovement, tol, seed, threads);
    }

    public MiniBatchKMeans withNInit(int nInit) {
        return new MiniBatchKMeans(k, init, initialCentres, nInit, batchSize, maxIter, initSize, reassignmentRatio,
                maxNoImprovement, tol, seed, threads);
    }

    public MiniBatchKMeans withBatchSize(int batchSize) {
        return new MiniBatchKMeans(k, init, initialCentres, nInit, batchSize, maxIter, initSize, reassignmentRatio,
                maxNoImprovement, tol, seed, threads);
    }

    public MiniBatchKMeans withMaxIter(int maxIter) {
        return new MiniBatchKMeans(k, init, initialCentres, nInit, batchSize, maxIter, initSize, reassignmentRatio,
                maxNoImprovement, tol, seed, threads);
    }

    public MiniBatchKMeans withInitSize(int initSize) {
        return new MiniBatchKMeans(k, init, initialCentres, nInit, batchSize, maxIter, initSize, reassignmentRatio,
                maxNoImprovement, tol, seed, threads);
    }

    public MiniBatchKMeans withReassignmentRatio(double r) {
        return new MiniBatchKMeans(k, init, initialCentres, nInit, batchSize, maxIter, initSize, r,
                maxNoImprovement, tol, seed, threads);
    }

    public MiniBatchKMeans withMaxNoImprovement(int m) {
        return new MiniBatchKMeans(k, init, initialCentres, nInit, batchSize, maxIter, initSize, reassignmentRatio,
                m, tol, seed, threads);
    }

    public MiniBatchKMeans withTol(double tol) {
        return new MiniBatchKMeans(k, init, initialCentres, nInit, batchSize, maxIter, initSize, reassignmentRatio,
                maxNoImprovement, tol, seed, threads);
    }

    public MiniBatchKMeans withSeed(long seed) {
        return new MiniBatchKMeans(k, init, initialCentres, nInit, batchSize, maxIter, initSize, reassignmentRatio,
                maxNoImprovement, tol, seed, threads);
    }

    public MiniBatchKMeans withThreads(int threads) {
        return new MiniBatchKMeans(k, init, initialCentres, nInit, batchSize, maxIter, initSize, reassignmentRatio,
                maxNoImprovement, tol, seed, threads);
    }

    public KMeansModel fit(FloatMatrix x) {
        return fit(x, Progress.NONE);
    }

    /** Fits; progress counts mini-batch steps out of the maximum. */
    public KMeansModel fit(FloatMatrix x, Progress progress) {
        java.util.Objects.requireNonNull(x, "x");
        KMeans.checkRows(x, k);
        int n = x.rows();
        int d = x.cols();
        if (initialCentres != null && initialCentres.cols() != d) {
            throw new DescryException("initialCentres: width " + initialCentres.cols() + " does not match x width "
                    + d);
        }
        DataStats stats = DataStats.of(x, "x", threads);
        double absTol = stats.tolerance(tol);
        Kernels kernels = Kernels.best().withThreads(threads);
        SplittableRandom random = new SplittableRandom(seed);
        int batch = Math.min(batchSize, n);
        int sample = initSize > 0 ? Math.max(initSize, 3 * k) : Math.max(3 * batch, 3 * k);
        sample = Math.min(sample, n);

        FloatMatrix valid = x.selectRows(randomRows(random, n, sample));
        float[] centres = null;
        double bestInertia = Double.POSITIVE_INFINITY;
        int runs = init == KMeans.Init.GIVEN ? 1 : nInit;
        for (int run = 0; run < runs; run++) {
            float[] c;
            if (init == KMeans.Init.GIVEN) {
                c = initialCentres.toArray();
            } else {
                FloatMatrix sub = sample < n ? x.selectRows(randomRows(random, n, sample)) : x;
                c = init == KMeans.Init.K_MEANS_PLUS_PLUS
                        ? KMeansPlusPlus.seed(sub, k, random, kernels, threads)
                        : KMeans.randomRows(sub, k, random);
            }
            double[] inertia = new double[1];
            NearestCentre.labels(valid, c, k, kernels, threads, inertia);
            if (centres == null || inertia[0] < bestInertia) {
                centres = c;
                bestInertia = inertia[0];
            }
        }

        double[] counts = new double[k];
        float[] batchRows = new float[batch * d];
        int[] idx = new int[batch];
        int[] batchLabels = new int[batch];
        double[] inertia = new double[1];
        Update buffers = new Update(k, d);
        NearestCentre.Scratch scratch = new NearestCentre.Scratch();
        long steps = Math.max(1, (long) maxIter * n / batch);
        double ewa = Double.NaN;
        double ewaMin = Double.NaN;
        int noImprovement = 0;
        long sinceReassign = 0;
        long step = 0;
        for (; step < steps; step++) {
            randomRows(random, n, idx);
            sinceReassign += batch;
            boolean reassign = false;
            for (double c : counts) {
                reassign |= c == 0;
            }
            if (reassign || sinceReassign >= 10L * k) {
                sinceReassign = 0;
                reassign = true;
            }
            new NearestCentre(centres, k, d, kernels).labelGathered(x, idx, batchRows, batchLabels, inertia, threads,
                    scratch);
            float[] updated = buffers.apply(batchRows, batchLabels, centres, counts);
            if (reassign && reassignmentRatio > 0) {
                reassignSmall(updated, counts, batchRows, batch, d, random);
            }
            double shift = absTol > 0 ? Lloyd.squaredShift(centres, updated) : 0;
            centres = updated;
            progress.step(step + 1, steps);

            double batchInertia = inertia[0] / batch;
            if (step == 0) {
                continue;
            }
            if (Double.isNaN(ewa)) {
                ewa = batchInertia;
            } else {
                double alpha = Math.min(1, batch * 2.0 / (n + 1));
                ewa = ewa * (1 - alpha) + batchInertia * alpha;
            }
            if (absTol > 0 && shift <= absTol) {
                break;
            }
            if (Double.isNaN(ewaMin) || ewa < ewaMin) {
                noImprovement = 0;
                ewaMin = ewa;
            } else {
                noImprovement++;
            }
            if (maxNoImprovement > 0 && noImprovement >= maxNoImprovement) {
                break;
            }
        }
        long done = Math.min(step + 1, steps);
        int nIter = (int) Math.ceil((double) done * batch / n);
        int[] labels = new int[n];
        new NearestCentre(centres, k, d, kernels).labelAll(x, labels, inertia, threads, scratch);
        Provenance provenance = Provenance.of("minibatch-kmeans", config(), seed, n + " x " + d);
        return new KMeansModel(FloatMatrix.wrap(centres, k, d), labels, inertia[0], nIter, provenance);
    }

    /**
     * scikit-learn's {@code _minibatch_update_dense}: count-weighted means of old centres and batch rows. Keeps
     * its sums between steps; the two centre arrays take turns, so {@link #apply} returns a different array
     * from the one it is given and a step allocates nothing.
     */
    private static final class Update {
        private final int k;
        private final int d;
        private final double[] sums;
        private final long[] add;
        private final float[][] spare = new float[2][];
        private int turn;

        Update(int k, int d) {
            this.k = k;
            this.d = d;
            sums = new double[k * d];
            add = new long[k];
        }

        float[] apply(float[] rows, int[] labels, float[] centres, double[] counts) {
            java.util.Arrays.fill(sums, 0);
            java.util.Arrays.fill(add, 0);
            for (int r = 0; r < labels.length; r++) {
                int j = labels[r];
                add[j]++;
                int o = j * d;
                int ro = r * d;
                for (int q = 0; q < d; q++) {
                    sums[o + q] += rows[ro + q];
                }
            }
            float[] out = spare[turn];
            if (out == null || out == centres) {
                out = new float[k * d];
                spare[turn] = out;
            }
            turn ^= 1;
            System.arraycopy(centres, 0, out, 0, k * d);
            for (int j = 0; j < k; j++) {
                if (add[j] == 0) {
                    continue;
                }
                double total = counts[j] + add[j];
                int o = j * d;
                for (int q = 0; q < d; q++) {
                    out[o + q] = (float) ((centres[o + q] * counts[j] + sums[o + q]) / total);
                }
                counts[j] = total;
            }
            return out;
        }
    }

    /**
     * scikit-learn's low-count reassignment: centres whose count is below {@code reassignment_ratio} times the
     * largest (at most half the batch of them, the smallest counts) jump to distinct random batch rows and get
     * the smallest count among the others.
     */
    private void reassignSmall(float[] centres, double[] counts, float[] rows, int batch, int d,
            SplittableRandom random) {
        double max = 0;
        for (double c : counts) {
            max = Math.max(max, c);
        }
        boolean[] move = new boolean[k];
        int moves = 0;
        for (int j = 0; j < k; j++) {
            move[j] = counts[j] < reassignmentRatio * max;
            moves += move[j] ? 1 : 0;
        }
        int limit = (int) (0.5 * batch);
        if (moves > limit) {
            int[] order = java.util.stream.IntStream.range(0, k).boxed()
                    .sorted((a, b) -> Double.compare(counts[a], counts[b])).mapToInt(Integer::intValue).toArray();
            for (int i = limit; i < k; i++) {
                move[order[i]] = false;
            }
            moves = limit;
        }
        if (moves == 0) {
            return;
        }
        int[] perm = new int[batch];
        for (int i = 0; i < batch; i++) {
            perm[i] = i;
        }
        double keptMin = Double.POSITIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            if (!move[j]) {
                keptMin = Math.min(keptMin, counts[j]);
            }
        }
        int taken = 0;
        for (int j = 0; j < k; j++) {
            if (!move[j]) {
                continue;
            }
            int s = taken + random.nextInt(batch - taken);
            int t = perm[taken];
            perm[taken] = perm[s];
            perm[s] = t;
            System.arraycopy(rows, perm[taken] * d, centres, j * d, d);
            taken++;
            counts[j] = keptMin;
        }
    }

    private static int[] randomRows(SplittableRandom random, int n, int m) {
        return randomRows(random, n, new int[m]);
    }

    private static int[] randomRows(SplittableRandom random, int n, int[] idx) {
        for (int i = 0; i < idx.length; i++) {
            idx[i] = random.nextInt(n);
        }
        return idx;
    }

    private Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", k);
        m.put("init", init.toString());
        m.put("n_init", init == KMeans.Init.GIVEN ? 1 : nInit);
        m.put("batch_size", batchSize);
        m.put("max_iter", maxIter);
        m.put("init_size", initSize);
        m.put("reassignment_ratio", reassignmentRatio);
        m.put("max_no_improvement", maxNoImprovement);
        m.put("tol", tol);
        m.put("threads", threads);
        return m;
    }
}
