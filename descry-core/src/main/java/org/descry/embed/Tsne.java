package org.descry.embed;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.NnDescent;
import org.descry.model.Provenance;
import org.descry.preprocess.Pca;

/**
 * t-distributed stochastic neighbour embedding (van der Maaten and Hinton 2008) with sparse input affinities and
 * an approximate gradient: Barnes-Hut for 2D and 3D (van der Maaten, "Accelerating t-SNE using tree-based
 * algorithms", JMLR 2014) or FFT-accelerated interpolation for 2D (Linderman et al., "Fast interpolation-based
 * t-SNE for improved visualization of single-cell RNA-seq data", Nature Methods 2019, FIt-SNE).
 *
 * <p>The procedure and its defaults are scikit-learn 1.2's {@code TSNE(method='barnes_hut')}:
 * <ul>
 * <li>affinities from the {@code min(n - 1, floor(3 perplexity + 1))} nearest neighbours (exact up to
 * {@value #EXACT_KNN_MAX_ROWS} rows; NN-descent, seeded, above, as openTSNE does), calibrated to the perplexity
 * per row and symmetrised ({@link Affinities});</li>
 * <li>start at the scaled PCA projection ({@link TsneInit});</li>
 * <li>{@code exaggerationIterations} (250) iterations with {@code P} multiplied by {@code earlyExaggeration} (12)
 * and momentum 0.5, then the rest up to {@code iterations} (1000) with momentum 0.8, gains with minimum 0.01,
 * progress checked every 50 iterations with scikit-learn's patience (300 iterations after exaggeration, the
 * exaggeration length during it) ({@link GradientDescent});</li>
 * <li>learning rate {@link #AUTO}: {@code max(n / earlyExaggeration / 4, 50)} as scikit-learn 1.2's
 * {@code learning_rate='auto'}; {@link #N_OVER_12}: {@code max(n / 12, 200)}, Belkina et al. 2019 ("Automated
 * optimized parameters for t-distributed stochastic neighbor embedding improve visualization and analysis of large
 * datasets", Nature Communications) as openTSNE's {@code 'auto'} (the two agree when the exaggeration is 12);</li>
 * <li>{@code theta} (scikit-learn's {@code angle}) 0.5.</li>
 * </ul>
 * Differences: the Student-t kernel has one degree of freedom in 3D as well (scikit-learn uses
 * {@code n_components - 1} = 2 there, van der Maaten 2009's suggestion for parametric t-SNE); random numbers come
 * from Java's {@code SplittableRandom}, so a seed gives a different (equally good) embedding from scikit-learn's.
 * For a seed the result is the same on any thread count: every parallel sum is merged in a fixed order.
 *
 * <p>Above {@value #FFT_MIN_ROWS} rows in 2D, {@link TsneGradient#AUTO} switches to the FFT method (openTSNE's
 * switch point): its cost per iteration is linear in {@code n} plus a grid term, where Barnes-Hut's is
 * {@code n log n}.
 *
 * @param dims                   output dimension, 2 or 3
 * @param perplexity             effective number of neighbours, {@code > 0} and {@code < n}
 * @param earlyExaggeration      factor on {@code P} during the first stage, {@code >= 1}
 * @param exaggerationIterations iterations of the first stage, in {@code [0, iterations]}
 * @param iterations             total iterations, {@code >= 1}
 * @param learningRate           {@code > 0}, or {@link #AUTO} or {@link #N_OVER_12}
 * @param theta                  Barnes-Hut opening angle, in {@code [0, 1]}
 * @param gradient               repulsion method
 * @param init                   start
 * @param seed                   seed of NN-descent and the random start
 * @param threads                worker threads, {@code >= 1}
 */
public record Tsne(int dims, double perplexity, double earlyExaggeration, int exaggerationIterations,
                   int iterations, double learningRate, double theta, TsneGradient gradient, TsneInit init,
                   long seed, int threads) {

    /** Learning rate {@code max(n / earlyExaggeration / 4, 50)}, scikit-learn 1.2's {@code 'auto'}. */
    public static final double AUTO = 0;
    /** Learning rate {@code max(n / 12, 200)}, Belkina et al. 2019, openTSNE's {@code 'auto'}. */
    public static final double N_OVER_12 = -1;
    /** From this many rows, {@link TsneGradient#AUTO} uses the FFT method in 2D. */
    public static final int FFT_MIN_ROWS = 10_000;
    /** Up to this many rows the input kNN graph is exact, above it NN-descent. */
    public static final int EXACT_KNN_MAX_ROWS = 20_000;

    private static final int PATIENCE = 300;

    public Tsne {
        if (dims != 2 && dims != 3) {
            throw new DescryException("dims must be 2 or 3, got " + dims);
        }
        if (!(perplexity > 0) || Double.isInfinite(perplexity)) {
            throw new DescryException("perplexity must be > 0 and < n, got " + fmt(perplexity));
        }
        if (!(earlyExaggeration >= 1) || Double.isInfinite(earlyExaggeration)) {
            throw new DescryException("earlyExaggeration must be >= 1, got " + fmt(earlyExaggeration));
        }
        if (iterations < 1) {
            throw new DescryException("iterations must be >= 1, got " + iterations);
        }
        if (exaggerationIterations < 0 || exaggerationIterations > iterations) {
            throw new DescryException("exaggerationIterations must be in [0, iterations = " + iterations + "], got "
                    + exaggerationIterations);
        }
        if (!(learningRate > 0 || learningRate == AUTO || learningRate == N_OVER_12)
                || Double.isInfinite(learningRate)) {
            throw new DescryException("learningRate must be > 0, AUTO (0) or N_OVER_12 (-1), got "
                    + fmt(learningRate));
        }
        if (!(theta >= 0 && theta <= 1)) {
            throw new DescryException("theta must be in [0, 1], got " + fmt(theta));
        }
        if (gradient == null) {
            throw new DescryException("gradient must be AUTO, BARNES_HUT or FFT, got null");
        }
        if (gradient == TsneGradient.FFT && dims != 2) {
            throw new DescryException("gradient FFT needs dims 2, got dims " + dims);
        }
        if (init == null) {
            throw new DescryException("init must be PCA or RANDOM, got null");
        }
        if (threads < 1) {
            throw new DescryException("threads must be >= 1, got " + threads);
        }
    }

    /** scikit-learn 1.2's defaults in {@code dims} dimensions, seed 0, all processors. */
    public static Tsne of(int dims) {
        return new Tsne(dims, 30, 12, 250, 1000, AUTO, 0.5, TsneGradient.AUTO, TsneInit.PCA, 0,
                Runtime.getRuntime().availableProcessors());
    }

    public Tsne withPerplexity(double v) {
        return new Tsne(dims, v, earlyExaggeration, exaggerationIterations, iterations, learningRate, theta,
                gradient, init, seed, threads);
    }

    public Tsne withEarlyExaggeration(double v) {
        return new Tsne(dims, perplexity, v, exaggerationIterations, iterations, learningRate, theta, gradient,
                init, seed, threads);
    }

    public Tsne withExaggerationIterations(int v) {
        return new Tsne(dims, perplexity, earlyExaggeration, v, iterations, learningRate, theta, gradient, init,
                seed, threads);
    }

    public Tsne withIterations(int v) {
        return new Tsne(dims, perplexity, earlyExaggeration, exaggerationIterations, v, learningRate, theta,
                gradient, init, seed, threads);
    }

    public Tsne withLearningRate(double v) {
        return new Tsne(dims, perplexity, earlyExaggeration, exaggerationIterations, iterations, v, theta, gradient,
                init, seed, threads);
    }

    public Tsne withTheta(double v) {
        return new Tsne(dims, perplexity, earlyExaggeration, exaggerationIterations, iterations, learningRate, v,
                gradient, init, seed, threads);
    }

    public Tsne withGradient(TsneGradient v) {
        return new Tsne(dims, perplexity, earlyExaggeration, exaggerationIterations, iterations, learningRate, theta,
                v, init, seed, threads);
    }

    public Tsne withInit(TsneInit v) {
        return new Tsne(dims, perplexity, earlyExaggeration, exaggerationIterations, iterations, learningRate, theta,
                gradient, v, seed, threads);
    }

    public Tsne withSeed(long v) {
        return new Tsne(dims, perplexity, earlyExaggeration, exaggerationIterations, iterations, learningRate, theta,
                gradient, init, v, threads);
    }

    public Tsne withThreads(int v) {
        return new Tsne(dims, perplexity, earlyExaggeration, exaggerationIterations, iterations, learningRate, theta,
                gradient, init, seed, v);
    }

    /** Neighbours per row for the input affinities: scikit-learn's {@code min(n - 1, int(3 perplexity + 1))}. */
    public int neighbours(int n) {
        return (int) Math.min(n - 1L, (long) (3 * perplexity + 1));
    }

    /** The learning rate used for {@code n} rows. */
    public double resolvedLearningRate(int n) {
        if (learningRate == AUTO) {
            return Math.max(n / earlyExaggeration / 4, 50);
        }
        if (learningRate == N_OVER_12) {
            return Math.max(n / 12.0, 200);
        }
        return learningRate;
    }

    /** The repulsion method used for {@code n} rows. */
    public TsneGradient resolvedGradient(int n) {
        if (gradient != TsneGradient.AUTO) {
            return gradient;
        }
        return dims == 2 && n >= FFT_MIN_ROWS ? TsneGradient.FFT : TsneGradient.BARNES_HUT;
    }

    /**
     * Embeds the rows of {@code x} (no NaN or Inf; at least 2 rows and more than the perplexity). {@code progress}
     * hears the optimisation iterations done of {@link #iterations} (the kNN graph and affinities, before them, are
     * not reported).
     */
    public TsneEmbedding fit(FloatMatrix x, Progress progress) {
        return fit(x, "matrix (" + x.rows() + " x " + x.cols() + ")", progress);
    }

    /** As {@link #fit(FloatMatrix, Progress)}, naming the input in the provenance. */
    public TsneEmbedding fit(FloatMatrix x, String input, Progress progress) {
        int n = x.rows();
        if (n < 2) {
            throw new DescryException("t-SNE needs at least 2 rows, got " + n);
        }
        if (perplexity >= n) {
            throw new DescryException("perplexity must be > 0 and < n = " + n + ", got " + fmt(perplexity));
        }
        checkFinite(x);
        long t0 = System.nanoTime();
        int k = neighbours(n);
        boolean exact = n <= EXACT_KNN_MAX_ROWS;
        KnnGraph graph = exact
                ? ExactKnn.of(k).withThreads(threads).fit(x, Progress.NONE)
                : NnDescent.of(k).withSeed(seed).withThreads(threads).fit(x, Progress.NONE);
        long t1 = System.nanoTime();
        Affinities p = Affinities.symmetric(graph, Affinities.conditional(graph, perplexity, threads));
        graph = null;
        long t2 = System.nanoTime();
        double[] y = start(x);
        double rate = resolvedLearningRate(n);
        TsneGradient method = resolvedGradient(n);
        Repulsion repulsion = method == TsneGradient.FFT ? new FftRepulsion(threads)
                : new BarnesHut(dims, theta, threads);
        GradientDescent gd = new GradientDescent(p, repulsion, dims, threads);
        GradientDescent.Stage first = gd.run(y, 0, exaggerationIterations, 0.5, earlyExaggeration, rate,
                exaggerationIterations, progress, iterations);
        int next = exaggerationIterations == 0 ? 0 : first.lastIteration() + 1;
        GradientDescent.Stage last = next < iterations
                ? gd.run(y, next, iterations, 0.8, 1.0, rate, PATIENCE, progress, iterations)
                : first;
        long t3 = System.nanoTime();
        float[] out = new float[n * dims];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) y[i];
        }
        Provenance provenance = Provenance.of("tsne", describe(n, rate, method, exact), seed, input);
        return new TsneEmbedding(FloatMatrix.wrap(out, n, dims), last.kl(), last.lastIteration() + 1, rate, method,
                exact, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, provenance);
    }

    private double[] start(FloatMatrix x) {
        int n = x.rows();
        double[] y = new double[n * dims];
        if (init == TsneInit.RANDOM || x.cols() < dims) {
            SplittableRandom rng = new SplittableRandom(seed);
            for (int i = 0; i < y.length; i++) {
                y[i] = 1e-4 * gaussian(rng);
            }
            return y;
        }
        FloatMatrix pc = Pca.components(dims).withSeed(seed).fitTransform(x, Progress.NONE).projected();
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += pc.get(i, 0);
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double t = pc.get(i, 0) - mean;
            var += t * t;
        }
        double std = Math.sqrt(var / n);
        double scale = std > 0 ? 1e-4 / std : 1;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dims; c++) {
                y[i * dims + c] = pc.get(i, c) * scale;
            }
        }
        return y;
    }

    private static double gaussian(SplittableRandom rng) {
        double u;
        double v;
        double s;
        do {
            u = 2 * rng.nextDouble() - 1;
            v = 2 * rng.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    private static void checkFinite(FloatMatrix x) {
        int n = x.rows();
        int d = x.cols();
        float[] row = new float[d];
        for (int i = 0; i < n; i++) {
            x.copyRow(i, row, 0);
            for (int c = 0; c < d; c++) {
                if (!Float.isFinite(row[c])) {
                    throw new DescryException("input row " + i + " column " + c + " is " + row[c]
                            + ": t-SNE needs finite values (drop or impute non-finite rows first)");
                }
            }
        }
    }

    private Map<String, Object> describe(int n, double rate, TsneGradient method, boolean exact) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dims", dims);
        m.put("perplexity", perplexity);
        m.put("early_exaggeration", earlyExaggeration);
        m.put("exaggeration_iterations", exaggerationIterations);
        m.put("iterations", iterations);
        m.put("learning_rate", learningRate == AUTO ? "auto" : learningRate == N_OVER_12 ? "n/12" : learningRate);
        m.put("learning_rate_used", rate);
        m.put("theta", theta);
        m.put("gradient", method.name().toLowerCase(java.util.Locale.ROOT));
        m.put("init", init.name().toLowerCase(java.util.Locale.ROOT));
        m.put("neighbours", neighbours(n));
        m.put("exact_neighbours", exact);
        return m;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
