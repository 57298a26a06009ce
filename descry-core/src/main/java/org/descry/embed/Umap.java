package org.descry.embed;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.knn.CsrGraph;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;
import org.descry.knn.NnDescent;
import org.descry.model.Provenance;

/**
 * UMAP, Uniform Manifold Approximation and Projection (McInnes, Healy, Melville 2018, arXiv:1802.03426), with
 * umap-learn 0.5's steps (and its defaults in {@link #umapLearn()}; {@link #defaults()} trades layout time for
 * local fidelity with {@code min_dist} 0 and 20 negative samples): the {@code n_neighbors - 1} nearest neighbours of every row (exact below
 * 4,096 rows, NN-descent above, as umap-learn), the fuzzy simplicial set ({@link FuzzySimplicialSet}), the curve
 * parameters {@code a, b} ({@link UmapCurve}), edges weaker than {@code max / n_epochs} dropped, a spectral
 * ({@link SpectralInit}) or random initialisation scaled so its largest coordinate is 10, plus Gaussian noise of
 * scale 1e-4, then rescaled to {@code [0, 10]} per dimension, and the SGD of {@link UmapLayout}.
 *
 * <p>Differences from umap-learn: the random numbers are not numpy's, so a seed does not reproduce umap-learn's
 * embedding; the spectral eigenvectors come from thick-restart Lanczos rather than ARPACK (the same subspace,
 * signs arbitrary); a disconnected graph with more than {@code 2 n_components} components places the components
 * by the principal axes of their centroids instead of a spectral embedding of them. Multi-threaded SGD updates
 * the embedding without locks as umap-learn's parallel mode, so it is not bit-reproducible across runs or thread
 * counts; {@code withThreads(1)} gives the same embedding for the same seed every time (graph, initialisation and
 * layout).
 *
 * @param nNeighbors          neighbourhood size counting the point itself, {@code >= 2} (and at most rows - 1)
 * @param nComponents         output dimensions, {@code >= 1} (2 or 3 for plots)
 * @param minDist             smallest distance of embedded points, {@code >= 0} and at most {@code spread}
 * @param spread              scale of the embedded points, {@code > 0}
 * @param nEpochs             SGD epochs, or {@link #AUTO} (500 up to 10,000 rows, else 200)
 * @param negativeSampleRate  negative samples per positive sample, {@code >= 0}
 * @param learningRate        initial SGD learning rate, {@code > 0}
 * @param repulsionStrength   weight of negative samples ({@code gamma}), {@code >= 0}
 * @param setOpMixRatio       1 for fuzzy union, 0 for fuzzy intersection, in {@code [0, 1]}
 * @param localConnectivity   neighbours assumed connected locally, {@code >= 0}
 * @param init                spectral or random initialisation
 * @param metric              input distance, euclidean or cosine
 * @param seed                random seed
 * @param threads             worker threads, {@code >= 1}
 */
public record Umap(int nNeighbors, int nComponents, double minDist, double spread, int nEpochs,
                   double negativeSampleRate, double learningRate, double repulsionStrength, double setOpMixRatio,
                   double localConnectivity, Init init, Metric metric, long seed, int threads) {

    /** {@code n_epochs=None}: chosen from the row count. */
    public static final int AUTO = 0;
    /** Below this many rows the neighbour graph is exact (umap-learn's small-data threshold). */
    public static final int EXACT_KNN_BELOW = 4096;

    /** How the layout starts. */
    public enum Init {
        SPECTRAL, RANDOM;

        public static Init parse(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "spectral" -> SPECTRAL;
                case "random" -> RANDOM;
                default -> throw new DescryException("init must be spectral or random, got '" + name + "'");
            };
        }
    }

    public Umap {
        if (nNeighbors < 2) {
            throw new DescryException("n_neighbors must be >= 2, got " + nNeighbors);
        }
        if (nComponents < 1) {
            throw new DescryException("n_components must be >= 1, got " + nComponents);
        }
        if (!(spread > 0) || Double.isInfinite(spread)) {
            throw new DescryException("spread must be a positive finite number, got " + spread);
        }
        if (!(minDist >= 0) || minDist > spread) {
            throw new DescryException("min_dist must be in [0, spread = " + spread + "], got " + minDist);
        }
        if (nEpochs < 0) {
            throw new DescryException("n_epochs must be >= 0 (0 for auto), got " + nEpochs);
        }
        if (!(negativeSampleRate >= 0) || Double.isInfinite(negativeSampleRate)) {
            throw new DescryException("negative_sample_rate must be >= 0, got " + negativeSampleRate);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new DescryException("learning_rate must be > 0, got " + learningRate);
        }
        if (!(repulsionStrength >= 0) || Double.isInfinite(repulsionStrength)) {
            throw new DescryException("repulsion_strength must be >= 0, got " + repulsionStrength);
        }
        if (!(setOpMixRatio >= 0 && setOpMixRatio <= 1)) {
            throw new DescryException("set_op_mix_ratio must be in [0, 1], got " + setOpMixRatio);
        }
        if (!(localConnectivity >= 0) || Double.isInfinite(localConnectivity)) {
            throw new DescryException("local_connectivity must be >= 0, got " + localConnectivity);
        }
        if (init == null) {
            throw new DescryException("init must be spectral or random, got null");
        }
        if (metric == null) {
            throw new DescryException("metric must be euclidean or cosine, got null");
        }
        if (threads < 1) {
            throw new DescryException("threads must be >= 1, got " + threads);
        }
    }

    /** umap-learn 0.5's defaults ({@code min_dist} 0.1, 5 negative samples), 2 dimensions, seed 0, all processors. */
    public static Umap umapLearn() {
        return new Umap(15, 2, 0.1, 1.0, AUTO, 5, 1.0, 1.0, 1.0, 1.0, Init.SPECTRAL, Metric.EUCLIDEAN, 0,
                Workers.defaultThreads());
    }

    /**
     * Descry's defaults: {@link #umapLearn()} with {@code min_dist} 0 and 20 negative samples per positive sample
     * instead of 0.1 and 5, chosen so UMAP keeps the local neighbourhoods about as well as scikit-learn's t-SNE.
     *
     * <p>Why: UMAP's attraction-to-repulsion balance sits far on the attraction side of t-SNE (Böhm, Berens, Kobak
     * 2022, "Attraction-repulsion spectrum in neighbor embeddings", JMLR 23(95)), and with negative sampling its
     * effective repulsion is proportional to {@code negative_sample_rate} (Damrich, Hamprecht 2021, "On UMAP's true
     * loss function", NeurIPS); more repulsion moves the layout towards t-SNE, whose 10 nearest neighbours are the
     * input's more often. A {@code min_dist} of 0 lets close neighbours sit as close as they are, as umap-learn's
     * documentation advises for clustering. Raising {@code repulsion_strength} instead costs nothing but makes
     * each repulsive step a larger, noisier one: at 8 it reaches the same trustworthiness but breaks clusters into
     * fragments, where 20 samples of weight 1 keep them whole.
     *
     * <p>Measured on the fashion case (8,240 rows, standard-scaled, PCA to 90% variance), scikit-learn 1.2.1's
     * {@code trustworthiness(k=10)}, seed 0: {@code hog} 0.932 with umap-learn's defaults, 0.961 with these;
     * {@code color} 0.984 and 0.990; umap-learn 0.5.3 gives the same at both settings (0.932 / 0.961, 0.984 / 0.990)
     * and scikit-learn's t-SNE 0.969 and 0.995. Fewer neighbours (10) or more epochs (1,500) gain under 0.004. The
     * cost is the layout's: 3.5 times umap-learn's SGD work (21 instead of 6 gradient steps per positive sample).
     *
     * <p>Time, with the tabulated gradient of {@link UmapLayout} (2026-11-25, 2 cores, shared machine, process CPU
     * seconds of a fit in a fresh JVM): {@code hog} 7.0 s and {@code color} 5.0 s (26.2 and 23.0 s with
     * {@code Math.pow}; about 13.5 and 11.6 s wall idle then), trustworthiness 0.960 and 0.990. The 500 epochs
     * umap-learn uses up to 10,000 rows are kept: 300 or 400 epochs gave {@code hog} 0.9594 (color 0.9898,
     * 0.9897; an intermediate layout variant), too close to the 0.959 target for a default; 200 gave 0.9565.
     */
    public static Umap defaults() {
        return umapLearn().withMinDist(0).withNegativeSampleRate(20);
    }

    public Umap withNeighbors(int v) {
        return new Umap(v, nComponents, minDist, spread, nEpochs, negativeSampleRate, learningRate, repulsionStrength,
                setOpMixRatio, localConnectivity, init, metric, seed, threads);
    }

    public Umap withComponents(int v) {
        return new Umap(nNeighbors, v, minDist, spread, nEpochs, negativeSampleRate, learningRate, repulsionStrength,
                setOpMixRatio, localConnectivity, init, metric, seed, threads);
    }

    public Umap withMinDist(double v) {
        return new Umap(nNeighbors, nComponents, v, spread, nEpochs, negativeSampleRate, learningRate,
                repulsionStrength, setOpMixRatio, localConnectivity, init, metric, seed, threads);
    }

    public Umap withSpread(double v) {
        return new Umap(nNeighbors, nComponents, minDist, v, nEpochs, negativeSampleRate, learningRate,
                repulsionStrength, setOpMixRatio, localConnectivity, init, metric, seed, threads);
    }

    public Umap withEpochs(int v) {
        return new Umap(nNeighbors, nComponents, minDist, spread, v, negativeSampleRate, learningRate,
                repulsionStrength, setOpMixRatio, localConnectivity, init, metric, seed, threads);
    }

    public Umap withNegativeSampleRate(double v) {
        return new Umap(nNeighbors, nComponents, minDist, spread, nEpochs, v, learningRate, repulsionStrength,
                setOpMixRatio, localConnectivity, init, metric, seed, threads);
    }

    public Umap withLearningRate(double v) {
        return new Umap(nNeighbors, nComponents, minDist, spread, nEpochs, negativeSampleRate, v, repulsionStrength,
                setOpMixRatio, localConnectivity, init, metric, seed, threads);
    }

    public Umap withRepulsionStrength(double v) {
        return new Umap(nNeighbors, nComponents, minDist, spread, nEpochs, negativeSampleRate, learningRate, v,
                setOpMixRatio, localConnectivity, init, metric, seed, threads);
    }

    public Umap withSetOpMixRatio(double v) {
        return new Umap(nNeighbors, nComponents, minDist, spread, nEpochs, negativeSampleRate, learningRate,
                repulsionStrength, v, localConnectivity, init, metric, seed, threads);
    }

    public Umap withLocalConnectivity(double v) {
        return new Umap(nNeighbors, nComponents, minDist, spread, nEpochs, negativeSampleRate, learningRate,
                repulsionStrength, setOpMixRatio, v, init, metric, seed, threads);
    }

    public Umap withInit(Init v) {
        return new Umap(nNeighbors, nComponents, minDist, spread, nEpochs, negativeSampleRate, learningRate,
                repulsionStrength, setOpMixRatio, localConnectivity, v, metric, seed, threads);
    }

    public Umap withMetric(Metric v) {
        return new Umap(nNeighbors, nComponents, minDist, spread, nEpochs, negativeSampleRate, learningRate,
                repulsionStrength, setOpMixRatio, localConnectivity, init, v, seed, threads);
    }

    public Umap withSeed(long v) {
        return new Umap(nNeighbors, nComponents, minDist, spread, nEpochs, negativeSampleRate, learningRate,
                repulsionStrength, setOpMixRatio, localConnectivity, init, metric, v, threads);
    }

    public Umap withThreads(int v) {
        return new Umap(nNeighbors, nComponents, minDist, spread, nEpochs, negativeSampleRate, learningRate,
                repulsionStrength, setOpMixRatio, localConnectivity, init, metric, seed, v);
    }

    /** The epochs used for {@code rows} rows: {@link #nEpochs()}, or 500 up to 10,000 rows and 200 above. */
    public int resolvedEpochs(int rows) {
        return nEpochs != AUTO ? nEpochs : (rows <= 10_000 ? 500 : 200);
    }

    /** The stages of a fit, for progress: neighbour graph, fuzzy set, initialisation, then one unit per epoch. */
    public static final int STAGES_BEFORE_EPOCHS = 3;

    /**
     * Fits the embedding of the rows of {@code x}. Progress counts {@link #STAGES_BEFORE_EPOCHS} stages then the
     * epochs.
     */
    public UmapModel fit(FloatMatrix x, Progress progress) {
        return fit(x, x.rows() + " x " + x.cols(), progress);
    }

    /**
     * The fit's {@code k}-NN self graph: exact below {@link #EXACT_KNN_BELOW} rows, NN-descent with {@code seed}
     * above (the same graph on any number of threads), as umap-learn's {@code nearest_neighbors}.
     */
    static KnnGraph selfGraph(FloatMatrix x, int k, Metric metric, long seed, int threads) {
        return x.rows() < EXACT_KNN_BELOW
                ? ExactKnn.of(k).withMetric(metric).withThreads(threads).fit(x, Progress.NONE)
                : NnDescent.of(k).withMetric(metric).withSeed(seed).withThreads(threads).fit(x, Progress.NONE);
    }

    /** As {@link #fit(FloatMatrix, Progress)}, recording {@code input} in the provenance. */
    public UmapModel fit(FloatMatrix x, String input, Progress progress) {
        int n = x.rows();
        if (nNeighbors > n - 1) {
            throw new DescryException("n_neighbors must be in [2, n-1 = " + (n - 1) + "], got " + nNeighbors);
        }
        requireFinite(x, "input");
        int epochs = resolvedEpochs(n);
        long total = STAGES_BEFORE_EPOCHS + epochs;
        Timings t = new Timings();
        long s = System.nanoTime();
        KnnGraph knn = selfGraph(x, nNeighbors - 1, metric, seed, threads);
        t.knnSeconds = seconds(s);
        progress.step(1, total);
        s = System.nanoTime();
        CsrGraph graph = FuzzySimplicialSet.fit(knn, nNeighbors, setOpMixRatio, localConnectivity, threads);
        UmapCurve curve = UmapCurve.fit(minDist, spread);
        t.fuzzySeconds = seconds(s);
        progress.step(2, total);
        s = System.nanoTime();
        CsrGraph pruned = prune(graph, epochs);
        SplittableRandom random = new SplittableRandom(seed);
        String initMethod;
        float[] emb;
        if (init == Init.SPECTRAL) {
            SpectralInit.Layout layout = SpectralInit.layout(pruned, nComponents, x, random.nextLong(), threads);
            emb = layout.coords();
            initMethod = layout.method();
        } else {
            emb = SpectralInit.random(n, nComponents, 10, random.split());
            initMethod = "random";
        }
        if (init == Init.SPECTRAL) {
            float maxAbs = 0;
            for (float v : emb) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
            float expansion = maxAbs > 0 ? 10f / maxAbs : 1f;
            SplittableRandom noise = random.split();
            for (int i = 0; i < emb.length; i++) {
                emb[i] = emb[i] * expansion + (float) (noise.nextGaussian() * 1e-4);
            }
        }
        rescale(emb, n, nComponents);
        t.initSeconds = seconds(s);
        progress.step(STAGES_BEFORE_EPOCHS, total);
        s = System.nanoTime();
        int[] head = new int[pruned.nnz()];
        for (int i = 0; i < n; i++) {
            for (int e = pruned.indptr()[i]; e < pruned.indptr()[i + 1]; e++) {
                head[e] = i;
            }
        }
        UmapLayout.optimize(emb, emb, nComponents, head, pruned.indices(),
                UmapLayout.epochsPerSample(pruned.data(), epochs), n, epochs, curve.a(), curve.b(), repulsionStrength,
                learningRate, negativeSampleRate, true, random.nextLong(), threads, progress, STAGES_BEFORE_EPOCHS,
                total);
        t.sgdSeconds = seconds(s);
        Provenance provenance = Provenance.of("umap", config(epochs, initMethod), seed, input);
        return new UmapModel(this, FloatMatrix.wrap(emb, n, nComponents), graph, curve, x, provenance,
                new UmapModel.StageSeconds(t.knnSeconds, t.fuzzySeconds, t.initSeconds, t.sgdSeconds),
                n > UmapModel.EXACT_TRANSFORM_ROWS ? knn : null);
    }

    Map<String, Object> config(int epochs, String initMethod) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("n_neighbors", nNeighbors);
        c.put("n_components", nComponents);
        c.put("min_dist", minDist);
        c.put("spread", spread);
        c.put("n_epochs", nEpochs);
        c.put("n_epochs_used", epochs);
        c.put("negative_sample_rate", negativeSampleRate);
        c.put("learning_rate", learningRate);
        c.put("repulsion_strength", repulsionStrength);
        c.put("set_op_mix_ratio", setOpMixRatio);
        c.put("local_connectivity", localConnectivity);
        c.put("init", init.toString().toLowerCase(Locale.ROOT));
        c.put("init_used", initMethod);
        c.put("metric", metric.toString());
        c.put("threads", threads);
        return c;
    }

    /** umap-learn's pruning before the layout: entries below {@code max / n_epochs} removed. */
    static CsrGraph prune(CsrGraph g, int epochs) {
        float max = 0;
        for (float v : g.data()) {
            max = Math.max(max, v);
        }
        float cut = (float) (max / (double) epochs);
        int[] ptr = new int[g.rows() + 1];
        int[] idx = new int[g.nnz()];
        float[] val = new float[g.nnz()];
        int out = 0;
        for (int i = 0; i < g.rows(); i++) {
            for (int e = g.indptr()[i]; e < g.indptr()[i + 1]; e++) {
                if (g.data()[e] >= cut && g.data()[e] != 0) {
                    idx[out] = g.indices()[e];
                    val[out++] = g.data()[e];
                }
            }
            ptr[i + 1] = out;
        }
        return new CsrGraph(g.rows(), g.cols(), ptr, java.util.Arrays.copyOf(idx, out),
                java.util.Arrays.copyOf(val, out));
    }

    /** umap-learn 0.5's {@code 10 (x - min) / (max - min)} per dimension before the layout. */
    static void rescale(float[] emb, int n, int dim) {
        for (int d = 0; d < dim; d++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, emb[i * dim + d]);
                hi = Math.max(hi, emb[i * dim + d]);
            }
            float range = hi - lo;
            for (int i = 0; i < n; i++) {
                emb[i * dim + d] = range > 0 ? 10f * (emb[i * dim + d] - lo) / range : 0f;
            }
        }
    }

    static void requireFinite(FloatMatrix x, String name) {
        int cols = x.cols();
        float[] row = new float[cols];
        for (int i = 0; i < x.rows(); i++) {
            x.copyRow(i, row, 0);
            for (int j = 0; j < cols; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new DescryException(name + " holds NaN or Inf (first in row " + i + ", column " + j
                            + "); drop or fix such rows before UMAP");
                }
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static final class Timings {
        double knnSeconds;
        double fuzzySeconds;
        double initSeconds;
        double sgdSeconds;
    }
}
