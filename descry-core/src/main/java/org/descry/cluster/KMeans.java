package org.descry.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSample;
import org.descry.data.Workers;
import org.descry.linalg.Kernels;
import org.descry.model.Provenance;

/**
 * k-means clustering with scikit-learn 1.2.1's {@code KMeans} semantics and defaults: {@code init="k-means++"},
 * {@code n_init=10} (1.2.1's documented default; {@link #N_INIT_AUTO} is 1.4's {@code "auto"}: one run for
 * k-means++, ten for random), {@code max_iter=300}, {@code tol=1e-4} relative to the mean per-feature variance of
 * the data ({@code _tolerance}), {@code algorithm="lloyd"}. Of several runs the one with the lowest inertia wins;
 * given initial centres mean one run, as in scikit-learn.
 *
 * <p>{@link Algorithm#ELKAN} is Elkan's triangle-inequality variant (not Hamerly's); it gives the same result and
 * is faster for large {@code k}, Lloyd's blocked products are faster for small {@code k}. Random numbers come
 * from {@link SplittableRandom}, so a seed does not reproduce scikit-learn's centres; from the same initial
 * centres the labels, centres, inertia and iteration count match.
 *
 * @param k               number of clusters, {@code >= 1} (and at most the number of rows at fit time)
 * @param init            how the initial centres are chosen
 * @param initialCentres  the {@code k x d} initial centres when {@code init} is {@link Init#GIVEN}, else null
 * @param nInit           number of runs from different seeds, or {@link #N_INIT_AUTO}
 * @param maxIter         iterations per run, {@code >= 1}
 * @param tol             relative tolerance on the squared centre shift, {@code >= 0}
 * @param algorithm       Lloyd or Elkan
 * @param seed            seed of the random initialisations
 * @param threads         worker threads, {@code >= 1}
 */
public record KMeans(int k, Init init, FloatMatrix initialCentres, int nInit, int maxIter, double tol,
                     Algorithm algorithm, long seed, int threads) {

    /** {@code n_init="auto"}: 1 run with k-means++, 10 with random initialisation. */
    public static final int N_INIT_AUTO = 0;

    /** Initialisation methods. */
    public enum Init {
        K_MEANS_PLUS_PLUS("k-means++"), RANDOM("random"), GIVEN("given");

        private final String label;

        Init(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Iteration schemes; both give the same clustering. */
    public enum Algorithm {
        LLOYD, ELKAN;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public KMeans {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        java.util.Objects.requireNonNull(init, "init");
        java.util.Objects.requireNonNull(algorithm, "algorithm");
        if ((init == Init.GIVEN) != (initialCentres != null)) {
            throw new IllegalArgumentException("initialCentres must be given exactly when init is 'given', got init '"
                    + init + "' and " + (initialCentres == null ? "no centres" : initialCentres));
        }
        if (initialCentres != null && initialCentres.rows() != k) {
            throw new IllegalArgumentException("initialCentres must have k=" + k + " rows, got "
                    + initialCentres.rows());
        }
        if (nInit < 0) {
            throw new IllegalArgumentException("nInit must be >= 1 or N_INIT_AUTO (0), got " + nInit);
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
        if (initialCentres != null) {
            initialCentres = initialCentres.copy();
            DataStats.requireFinite(initialCentres, "initialCentres");
        }
    }

    /** scikit-learn 1.2.1's defaults with {@code k} clusters, seed 0, all processors. */
    public static KMeans of(int k) {
        return new KMeans(k, Init.K_MEANS_PLUS_PLUS, null, 10, 300, 1e-4, Algorithm.LLOYD, 0,
                Workers.defaultThreads());
    }

    public KMeans withInit(Init init) {
        if (init == Init.GIVEN) {
            throw new IllegalArgumentException("init 'given' needs centres: use withInitialCentres");
        }
        return new KMeans(k, init, null, nInit, maxIter, tol, algorithm, seed, threads);
    }

    /** Starts from these {@code k x d} centres (one run). */
    public KMeans withInitialCentres(FloatMatrix centres) {
        return new KMeans(k, Init.GIVEN, centres, nInit, maxIter, tol, algorithm, seed, threads);
    }

    public KMeans withNInit(int nInit) {
        return new KMeans(k, init, initialCentres, nInit, maxIter, tol, algorithm, seed, threads);
    }

    public KMeans withMaxIter(int maxIter) {
        return new KMeans(k, init, initialCentres, nInit, maxIter, tol, algorithm, seed, threads);
    }

    public KMeans withTol(double tol) {
        return new KMeans(k, init, initialCentres, nInit, maxIter, tol, algorithm, seed, threads);
    }

    public KMeans withAlgorithm(Algorithm algorithm) {
        return new KMeans(k, init, initialCentres, nInit, maxIter, tol, algorithm, seed, threads);
    }

    public KMeans withSeed(long seed) {
        return new KMeans(k, init, initialCentres, nInit, maxIter, tol, algorithm, seed, threads);
    }

    public KMeans withThreads(int threads) {
        return new KMeans(k, init, initialCentres, nInit, maxIter, tol, algorithm, seed, threads);
    }

    /** The number of runs {@link #fit} makes, after resolving {@code "auto"} and given centres. */
    public int effectiveNInit() {
        if (init == Init.GIVEN) {
            return 1;
        }
        if (nInit == N_INIT_AUTO) {
            return init == Init.K_MEANS_PLUS_PLUS ? 1 : 10;
        }
        return nInit;
    }

    public KMeansModel fit(FloatMatrix x) {
        return fit(x, Progress.NONE);
    }

    /** Clusters the rows of {@code x}; progress counts iterations over all runs. */
    public KMeansModel fit(FloatMatrix x, Progress progress) {
        java.util.Objects.requireNonNull(x, "x");
        checkRows(x, k);
        if (initialCentres != null && initialCentres.cols() != x.cols()) {
            throw new DescryException("initialCentres: width " + initialCentres.cols() + " does not match x width "
                    + x.cols());
        }
        DataStats stats = DataStats.of(x, "x", threads);
        double absTol = stats.tolerance(tol);
        Kernels kernels = Kernels.best().withThreads(threads);
        SplittableRandom random = new SplittableRandom(seed);
        int runs = effectiveNInit();
        Lloyd.Result best = null;
        for (int run = 0; run < runs; run++) {
            float[] start = initialCentres(x, random, kernels);
            int done = run;
            Progress p = (i, total) -> progress.step((long) done * maxIter + i, (long) runs * maxIter);
            Lloyd.Result r = single(x, start, absTol, kernels, p);
            if (best == null || r.inertia() < best.inertia()) {
                best = r;
            }
        }
        Provenance provenance = Provenance.of("kmeans", config(), seed, x.rows() + " x " + x.cols());
        return new KMeansModel(FloatMatrix.wrap(best.centres(), k, x.cols()), best.labels(), best.inertia(),
                best.nIter(), provenance);
    }

    Lloyd.Result single(FloatMatrix x, float[] start, double absTol, Kernels kernels, Progress p) {
        if (algorithm == Algorithm.ELKAN && k > 1) {
            return Elkan.run(x, start, k, maxIter, absTol, kernels, threads, p);
        }
        return Lloyd.run(x, start, k, maxIter, absTol, kernels, threads, p);
    }

    private float[] initialCentres(FloatMatrix x, SplittableRandom random, Kernels kernels) {
        return switch (init) {
            case GIVEN -> initialCentres.toArray();
            case K_MEANS_PLUS_PLUS -> KMeansPlusPlus.seed(x, k, random, kernels, threads);
            case RANDOM -> randomRows(x, k, random);
        };
    }

    /**
     * scikit-learn's {@code kmeans_plusplus}: {@code k} greedy k-means++ seeds from the rows of {@code x}
     * ({@code k x d}); see {@link KMeansPlusPlus} for how it follows scikit-learn.
     */
    public static FloatMatrix kMeansPlusPlus(FloatMatrix x, int k, long seed, int threads) {
        java.util.Objects.requireNonNull(x, "x");
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        checkRows(x, k);
        float[] c = KMeansPlusPlus.seed(x, k, new SplittableRandom(seed), Kernels.best(), threads);
        return FloatMatrix.wrap(c, k, x.cols());
    }

    /** {@code k} distinct rows chosen uniformly (a partial Fisher-Yates shuffle, scikit-learn's permutation). */
    static float[] randomRows(FloatMatrix x, int k, SplittableRandom random) {
        int d = x.cols();
        int[] rows = RowSample.drawn(x.rows(), k, random);
        float[] out = new float[k * d];
        for (int i = 0; i < k; i++) {
            x.copyRow(rows[i], out, i * d);
        }
        return out;
    }

    static void checkRows(FloatMatrix x, int k) {
        if (x.cols() < 1) {
            throw new DescryException("x: has no columns");
        }
        if (k > x.rows()) {
            throw new DescryException("k must be in [1, n=" + x.rows() + "], got " + k);
        }
    }

    private Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", k);
        m.put("init", init.toString());
        m.put("n_init", effectiveNInit());
        m.put("max_iter", maxIter);
        m.put("tol", tol);
        m.put("algorithm", algorithm.toString());
        m.put("threads", threads);
        return m;
    }
}
