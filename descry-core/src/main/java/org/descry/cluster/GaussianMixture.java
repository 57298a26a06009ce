package org.descry.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.linalg.Kernels;
import org.descry.model.Provenance;

/**
 * Configuration of a Gaussian mixture fitted by expectation-maximisation, following scikit-learn 1.2.1's
 * {@code sklearn.mixture.GaussianMixture} (Dempster, Laird and Rubin 1977; Bishop, <i>Pattern Recognition and
 * Machine Learning</i>, 2006, section 9.2): the same parameters and defaults, the same E-step in log space
 * through precision Cholesky factors ({@code _compute_precision_cholesky}, {@code _estimate_log_gaussian_prob},
 * log-sum-exp responsibilities), the same M-step ({@code _estimate_gaussian_parameters}, {@code reg_covar} on the
 * diagonal, {@code n_k + 10 eps}), the same lower bound (mean log-likelihood per row), convergence test
 * ({@code |change| < tol}) and choice among {@code n_init} runs (highest lower bound).
 *
 * <p>Where it differs: data is float32 and the heavy products are float32 with double accumulation (see
 * {@link MixtureDensity}, {@link MixtureStats}); random starts use {@link SplittableRandom}, not numpy's
 * generator, so only runs from given initial parameters match scikit-learn number for number; {@code kmeans}
 * initialisation runs the shared {@link KMeans} with one start, as scikit-learn's
 * {@code KMeans(n_clusters, n_init=1, random_state)}, seeded from this run's random stream; there is no
 * {@code warm_start}. An ill-defined covariance names the component.
 *
 * @param k              number of components ({@code n_components}), 1..rows
 * @param covarianceType {@code covariance_type}
 * @param tol            convergence threshold on the change of the lower bound, {@code >= 0}
 * @param regCovar       added to the covariance diagonals, {@code >= 0}
 * @param maxIter        EM iterations per run, {@code >= 0}
 * @param nInit          runs from different starts, {@code >= 1}
 * @param init           {@code init_params}
 * @param weightsInit    {@code weights_init}: {@code k} values in [0, 1] summing to 1, or null
 * @param meansInit      {@code means_init}: {@code k x d} row-major, or null
 * @param precisionsInit {@code precisions_init}, flat in the layout of {@link CovarianceType}, or null
 * @param seed           random seed of the starts
 */
public record GaussianMixture(int k, CovarianceType covarianceType, double tol, double regCovar, int maxIter,
                              int nInit, MixtureInit init, double[] weightsInit, double[] meansInit,
                              double[] precisionsInit, long seed) {

    private static final double EPS = Math.ulp(1.0);

    public GaussianMixture {
        if (k < 1) {
            throw new DescryException("k must be >= 1, got " + k);
        }
        java.util.Objects.requireNonNull(covarianceType, "covarianceType");
        java.util.Objects.requireNonNull(init, "init");
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new DescryException("tol must be a finite number >= 0, got " + tol);
        }
        if (!(regCovar >= 0) || Double.isInfinite(regCovar)) {
            throw new DescryException("regCovar must be a finite number >= 0, got " + regCovar);
        }
        if (maxIter < 0) {
            throw new DescryException("maxIter must be >= 0, got " + maxIter);
        }
        if (nInit < 1) {
            throw new DescryException("nInit must be >= 1, got " + nInit);
        }
        weightsInit = weightsInit == null ? null : weightsInit.clone();
        meansInit = meansInit == null ? null : meansInit.clone();
        precisionsInit = precisionsInit == null ? null : precisionsInit.clone();
        if (weightsInit != null) {
            checkWeights(weightsInit, k);
        }
        if (meansInit != null) {
            checkFinite("meansInit", meansInit);
            if (meansInit.length % k != 0 || meansInit.length == 0) {
                throw new DescryException("meansInit must hold k x d = " + k + " x d values, got "
                        + meansInit.length);
            }
        }
        if (precisionsInit != null) {
            checkFinite("precisionsInit", precisionsInit);
        }
    }

    /** scikit-learn's defaults: {@code full}, tol 1e-3, reg_covar 1e-6, 100 iterations, one run, kmeans, seed 0. */
    public static GaussianMixture of(int k) {
        return new GaussianMixture(k, CovarianceType.FULL, 1e-3, 1e-6, 100, 1, MixtureInit.KMEANS, null, null,
                null, 0);
    }

    public GaussianMixture withCovarianceType(CovarianceType t) {
        return new GaussianMixture(k, t, tol, regCovar, maxIter, nInit, init, weightsInit, meansInit,
                precisionsInit, seed);
    }

    public GaussianMixture withTol(double v) {
        return new GaussianMixture(k, covarianceType, v, regCovar, maxIter, nInit, init, weightsInit, meansInit,
                precisionsInit, seed);
    }

    public GaussianMixture withRegCovar(double v) {
        return new GaussianMixture(k, covarianceType, tol, v, maxIter, nInit, init, weightsInit, meansInit,
                precisionsInit, seed);
    }

    public GaussianMixture withMaxIter(int v) {
        return new GaussianMixture(k, covarianceType, tol, regCovar, v, nInit, init, weightsInit, meansInit,
                precisionsInit, seed);
    }

    public GaussianMixture withNInit(int v) {
        return new GaussianMixture(k, covarianceType, tol, regCovar, maxIter, v, init, weightsInit, meansInit,
                precisionsInit, seed);
    }

    public GaussianMixture withInit(MixtureInit v) {
        return new GaussianMixture(k, covarianceType, tol, regCovar, maxIter, nInit, v, weightsInit, meansInit,
                precisionsInit, seed);
    }

    public GaussianMixture withWeightsInit(double[] v) {
        return new GaussianMixture(k, covarianceType, tol, regCovar, maxIter, nInit, init, v, meansInit,
                precisionsInit, seed);
    }

    public GaussianMixture withMeansInit(double[] v) {
        return new GaussianMixture(k, covarianceType, tol, regCovar, maxIter, nInit, init, weightsInit, v,
                precisionsInit, seed);
    }

    public GaussianMixture withPrecisionsInit(double[] v) {
        return new GaussianMixture(k, covarianceType, tol, regCovar, maxIter, nInit, init, weightsInit, meansInit,
                v, seed);
    }

    public GaussianMixture withSeed(long v) {
        return new GaussianMixture(k, covarianceType, tol, regCovar, maxIter, nInit, init, weightsInit, meansInit,
                precisionsInit, v);
    }

    @Override
    public double[] weightsInit() {
        return weightsInit == null ? null : weightsInit.clone();
    }

    @Override
    public double[] meansInit() {
        return meansInit == null ? null : meansInit.clone();
    }

    @Override
    public double[] precisionsInit() {
        return precisionsInit == null ? null : precisionsInit.clone();
    }

    public GaussianMixtureModel fit(FloatMatrix x) {
        return fit(x, this, Progress.NONE);
    }

    /** Fits the mixture to the rows of {@code x}; progress counts EM iterations over all runs. */
    public static GaussianMixtureModel fit(FloatMatrix x, GaussianMixture c, Progress progress) {
        java.util.Objects.requireNonNull(x, "x");
        java.util.Objects.requireNonNull(progress, "progress");
        return new Fit(x, c, progress).run();
    }

    private static void checkWeights(double[] w, int k) {
        if (w.length != k) {
            throw new DescryException("weightsInit must hold k = " + k + " values, got " + w.length);
        }
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] >= 0 && w[i] <= 1)) {
                throw new DescryException("weightsInit must be in [0, 1], got " + w[i] + " at " + i);
            }
            sum += w[i];
        }
        if (Math.abs(1 - sum) > 1e-8) {
            throw new DescryException("weightsInit must sum to 1, got " + sum);
        }
    }

    private static void checkFinite(String name, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new DescryException(name + " must be finite, got " + v[i] + " at " + i);
            }
        }
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", k);
        m.put("covariance_type", covarianceType.sklearnName());
        m.put("tol", tol);
        m.put("reg_covar", regCovar);
        m.put("max_iter", maxIter);
        m.put("n_init", nInit);
        m.put("init_params", init.sklearnName());
        m.put("weights_init", weightsInit != null);
        m.put("means_init", meansInit != null);
        m.put("precisions_init", precisionsInit != null);
        return m;
    }

    /** Mixture parameters in scikit-learn's layouts (flat, C order). */
    record Params(double[] weights, double[] means, double[] covariances, double[] precisionsCholesky) {}

    /** One fit: the data-dependent state shared by the runs. */
    private static final class Fit {
        private final FloatMatrix x;
        private final GaussianMixture c;
        private final Progress progress;
        private final int n;
        private final int d;
        private final int k;
        private final CovarianceType type;
        private final Kernels kernels = Kernels.best();
        private final int blockRows;
        private final double[] columnMeans;
        private double[] tiedScatter;

        Fit(FloatMatrix x, GaussianMixture c, Progress progress) {
            this.x = x;
            this.c = c;
            this.progress = progress;
            this.n = x.rows();
            this.d = x.cols();
            this.k = c.k;
            this.type = c.covarianceType;
            if (n < 2) {
                throw new DescryException("x must have at least 2 rows, got " + n);
            }
            if (d < 1) {
                throw new DescryException("x must have at least 1 column, got " + d);
            }
            if (k > n) {
                throw new DescryException("k must be in [1, n=" + n + "], got " + k);
            }
            if (c.meansInit != null && c.meansInit.length != k * d) {
                throw new DescryException("meansInit must hold k x d = " + k + " x " + d + " values, got "
                        + c.meansInit.length);
            }
            if (c.precisionsInit != null && c.precisionsInit.length != type.parameterLength(k, d)) {
                throw new DescryException("precisionsInit for " + type.sklearnName() + " must hold "
                        + java.util.Arrays.toString(type.shape(k, d)) + " values, got " + c.precisionsInit.length);
            }
            this.blockRows = BlockPass.blockRows(d);
            this.columnMeans = checkedColumnMeans();
        }

        /** Column means in double; refuses NaN and infinity naming the first bad row. */
        private double[] checkedColumnMeans() {
            List<double[]> parts = BlockPass.run(x, blockRows, () -> new double[d + 1], (sum, block, from, rows) -> {
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < d; j++) {
                        float v = block[r * d + j];
                        if (!Float.isFinite(v) && sum[d] == 0) {
                            sum[d] = from + r + 1;
                        }
                        sum[j] += v;
                    }
                }
            });
            double[] mean = new double[d];
            for (double[] p : parts) {
                if (p[d] != 0) {
                    int row = (int) p[d] - 1;
                    throw new DescryException("x has NaN or infinite values (first at row " + row + ")");
                }
                for (int j = 0; j < d; j++) {
                    mean[j] += p[j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= n;
            }
            return mean;
        }

        GaussianMixtureModel run() {
            if (type == CovarianceType.TIED) {
                tiedScatter = kernels.centeredGram(x, columnMeans);
            }
            SplittableRandom rnd = new SplittableRandom(c.seed);
            Params best = null;
            double bestBound = Double.NEGATIVE_INFINITY;
            int bestIter = 0;
            boolean converged = false;
            long totalSteps = (long) c.nInit * c.maxIter;
            for (int run = 0; run < c.nInit; run++) {
                Params p = initialParams(rnd.split());
                double bound = Double.NEGATIVE_INFINITY;
                int iter = 0;
                for (int it = 1; it <= c.maxIter; it++) {
                    double previous = bound;
                    MixtureDensity density = density(p);
                    MixtureStats stats = emPass(density);
                    bound = stats.logLikelihood / n;
                    p = parameters(stats, false);
                    iter = it;
                    progress.step((long) run * c.maxIter + it, totalSteps);
                    if (Math.abs(bound - previous) < c.tol) {
                        converged = true;
                        break;
                    }
                }
                if (best == null || bound > bestBound || bestBound == Double.NEGATIVE_INFINITY) {
                    best = p;
                    bestBound = bound;
                    bestIter = iter;
                }
            }
            int[] labels = GaussianMixtureModel.argmax(density(best), x);
            return new GaussianMixtureModel(type, k, d, best, converged, bestIter, bestBound, labels,
                    Provenance.of("gaussian-mixture", c.describe(), c.seed, x.rows() + " x " + x.cols()));
        }

        MixtureDensity density(Params p) {
            return new MixtureDensity(type, k, d, p, kernels);
        }

        /** One E-step with {@code density} and the M-step statistics about the current means, in one pass. */
        private MixtureStats emPass(MixtureDensity density) {
            double[] centers = centers(density);
            List<MixtureStats> parts = BlockPass.run(x, blockRows, () -> new Worker(density, centers),
                    (w, block, from, rows) -> w.visit(block, rows)).stream().map(w -> w.stats).toList();
            return merge(parts);
        }

        private double[] centers(MixtureDensity density) {
            double[] centers = new double[k * d];
            for (int comp = 0; comp < k; comp++) {
                for (int j = 0; j < d; j++) {
                    centers[comp * d + j] = density.center(comp, j);
                }
            }
            return centers;
        }

        private static MixtureStats merge(List<MixtureStats> parts) {
            MixtureStats total = parts.get(0);
            for (int i = 1; i < parts.size(); i++) {
                total.merge(parts.get(i));
            }
            total.finish();
            return total;
        }

        private final class Worker {
            final MixtureDensity density;
            final MixtureDensity.Scratch scratch;
            final MixtureStats stats;
            final double[] resp;

            Worker(MixtureDensity density, double[] centers) {
                this.density = density;
                this.scratch = density.scratch(blockRows);
                this.stats = new MixtureStats(type, k, d, centers, density.sharedCenter(), density.precise, blockRows,
                        kernels);
                this.resp = new double[blockRows * k];
            }

            void visit(float[] block, int rows) {
                density.weightedLogProb(block, rows, resp, scratch);
                stats.logLikelihood += MixtureDensity.normalize(resp, rows, k, null, 0);
                for (int i = 0, m = rows * k; i < m; i++) {
                    resp[i] = Math.exp(resp[i]);
                }
                stats.add(block, density.sharedCenter() ? scratch.shifted : null, rows, resp);
            }
        }

        /** scikit-learn's {@code _initialize}: parameters from starting responsibilities, then the given ones. */
        private Params initialParams(SplittableRandom rnd) {
            Params p = null;
            if (c.weightsInit == null || c.meansInit == null || c.precisionsInit == null) {
                Responsibilities start = startingResponsibilities(rnd);
                double[] shared = new double[k * d];
                for (int comp = 0; comp < k; comp++) {
                    System.arraycopy(columnMeans, 0, shared, comp * d, d);
                }
                MixtureStats first = responsibilityPass(start, shared, type != CovarianceType.FULL);
                double[] roughMeans = new double[k * d];
                for (int i = 0; i < k * d; i++) {
                    roughMeans[i] = shared[i] + first.s1[i] / (first.nk[i / d] + 10 * EPS);
                }
                MixtureStats second = responsibilityPass(start, roughMeans, false);
                p = parameters(second, true);
            }
            double[] weights = c.weightsInit != null ? c.weightsInit.clone() : p.weights;
            double[] means = c.meansInit != null ? c.meansInit.clone() : p.means;
            if (c.precisionsInit == null) {
                return new Params(weights, means, p.covariances, p.precisionsCholesky);
            }
            return fromPrecisions(weights, means, c.precisionsInit);
        }

        /** Parameters from given precisions, as scikit-learn: {@code P = cholesky(precision, lower)}. */
        private Params fromPrecisions(double[] weights, double[] means, double[] precisions) {
            double[] chol = new double[precisions.length];
            double[] cov = new double[precisions.length];
            switch (type) {
                case FULL, TIED -> {
                    int count = type == CovarianceType.FULL ? k : 1;
                    double[] l = new double[d * d];
                    double[] inv = new double[d * d];
                    for (int comp = 0; comp < count; comp++) {
                        int off = comp * d * d;
                        for (int i = 0; i < d; i++) {
                            for (int j = 0; j < i; j++) {
                                if (Math.abs(precisions[off + i * d + j] - precisions[off + j * d + i])
                                        > 1e-8 + 1e-5 * Math.abs(precisions[off + j * d + i])) {
                                    throw new DescryException("precisionsInit: component " + comp
                                            + " is not symmetric");
                                }
                            }
                        }
                        if (MixtureAlgebra.choleskyLower(precisions, off, d, l) >= 0) {
                            throw new DescryException("precisionsInit: component " + comp
                                    + " is not positive definite");
                        }
                        System.arraycopy(l, 0, chol, off, d * d);
                        MixtureAlgebra.invertLower(l, d, inv);
                        MixtureAlgebra.transposeTimes(inv, 0, d, cov, off);
                    }
                }
                case DIAG, SPHERICAL -> {
                    for (int i = 0; i < precisions.length; i++) {
                        if (!(precisions[i] > 0)) {
                            throw new DescryException("precisionsInit must be > 0, got " + precisions[i]
                                    + " at " + i);
                        }
                        chol[i] = Math.sqrt(precisions[i]);
                        cov[i] = 1 / precisions[i];
                    }
                }
            }
            return new Params(weights, means, cov, chol);
        }

        /** Starting responsibilities: hard labels, or (for {@code random}) seeded per block. */
        private record Responsibilities(int[] labels, long randomSeed) {}

        private Responsibilities startingResponsibilities(SplittableRandom rnd) {
            int[] labels = new int[n];
            switch (c.init) {
                case KMEANS -> labels = KMeans.of(k).withSeed(rnd.nextLong()).withNInit(1).fit(x, progress).labels();
                case KMEANS_PLUS_PLUS -> labels = oneRowEach(MixtureSeeding.kmeansPlusPlus(x, k, rnd, kernels));
                case RANDOM_FROM_DATA -> labels = oneRowEach(distinctRows(rnd));
                case RANDOM -> {
                    return new Responsibilities(null, rnd.nextLong());
                }
            }
            return new Responsibilities(labels, 0);
        }

        private int[] distinctRows(SplittableRandom rnd) {
            java.util.Set<Integer> seen = new java.util.LinkedHashSet<>();
            while (seen.size() < k) {
                seen.add(rnd.nextInt(n));
            }
            return seen.stream().mapToInt(Integer::intValue).toArray();
        }

        /** Labels with {@code -1} (no component) except {@code rows[c] -> c}: scikit-learn's one-row starts. */
        private int[] oneRowEach(int[] rows) {
            int[] labels = new int[n];
            java.util.Arrays.fill(labels, -1);
            for (int comp = 0; comp < rows.length; comp++) {
                labels[rows[comp]] = comp;
            }
            return labels;
        }

        private MixtureStats responsibilityPass(Responsibilities start, double[] centers, boolean shared) {
            List<MixtureStats> parts = BlockPass.run(x, blockRows,
                    () -> new MixtureStats(type, k, d, centers, shared, false, blockRows, kernels),
                    (stats, block, from, rows) -> {
                        double[] resp = new double[rows * k];
                        if (start.labels != null) {
                            for (int r = 0; r < rows; r++) {
                                int label = start.labels[from + r];
                                if (label >= 0) {
                                    resp[r * k + label] = 1;
                                }
                            }
                        } else {
                            SplittableRandom g = new SplittableRandom(start.randomSeed ^ (from * 0x9E3779B97F4A7C15L));
                            for (int r = 0; r < rows; r++) {
                                double s = 0;
                                for (int comp = 0; comp < k; comp++) {
                                    resp[r * k + comp] = g.nextDouble();
                                    s += resp[r * k + comp];
                                }
                                for (int comp = 0; comp < k; comp++) {
                                    resp[r * k + comp] /= s;
                                }
                            }
                        }
                        stats.add(block, null, rows, resp);
                    });
            return merge(parts);
        }

        /**
         * scikit-learn's {@code _estimate_gaussian_parameters} and {@code _compute_precision_cholesky} from the
         * statistics; weights divided by {@code n} at the start ({@code _initialize}) and by their sum after an
         * E-step ({@code _m_step}).
         */
        private Params parameters(MixtureStats s, boolean initial) {
            double[] nk = new double[k];
            double total = 0;
            for (int comp = 0; comp < k; comp++) {
                nk[comp] = s.nk[comp] + 10 * EPS;
                total += nk[comp];
            }
            double[] weights = new double[k];
            double[] delta = new double[k * d];
            double[] means = new double[k * d];
            for (int comp = 0; comp < k; comp++) {
                weights[comp] = nk[comp] / (initial ? n : total);
                for (int j = 0; j < d; j++) {
                    delta[comp * d + j] = s.s1[comp * d + j] / nk[comp];
                    means[comp * d + j] = s.centers[comp * d + j] + delta[comp * d + j];
                }
            }
            double[] cov = new double[type.parameterLength(k, d)];
            switch (type) {
                case FULL -> {
                    for (int comp = 0; comp < k; comp++) {
                        int o = comp * d * d;
                        for (int i = 0; i < d; i++) {
                            for (int j = 0; j < d; j++) {
                                cov[o + i * d + j] = s.s2[o + i * d + j] / nk[comp]
                                        - delta[comp * d + i] * delta[comp * d + j];
                            }
                            cov[o + i * d + i] += c.regCovar;
                        }
                    }
                }
                case TIED -> {
                    if (s.precise) {
                        tiedFromScatter(s, nk, total, delta, cov);
                        break;
                    }
                    for (int i = 0; i < d * d; i++) {
                        cov[i] = tiedScatter[i];
                    }
                    for (int comp = 0; comp < k; comp++) {
                        for (int i = 0; i < d; i++) {
                            double mi = means[comp * d + i] - columnMeans[i];
                            for (int j = 0; j < d; j++) {
                                cov[i * d + j] -= nk[comp] * mi * (means[comp * d + j] - columnMeans[j]);
                            }
                        }
                    }
                    for (int i = 0; i < d * d; i++) {
                        cov[i] /= total;
                    }
                    for (int i = 0; i < d; i++) {
                        cov[i * d + i] += c.regCovar;
                    }
                }
                case DIAG, SPHERICAL -> {
                    for (int comp = 0; comp < k; comp++) {
                        double sum = 0;
                        for (int j = 0; j < d; j++) {
                            int i = comp * d + j;
                            double v = s.s2[i] / nk[comp] - delta[i] * delta[i] + c.regCovar;
                            if (type == CovarianceType.DIAG) {
                                cov[i] = v;
                            }
                            sum += v;
                        }
                        if (type == CovarianceType.SPHERICAL) {
                            cov[comp] = sum / d;
                        }
                    }
                }
            }
            return new Params(weights, means, cov, precisionCholesky(cov));
        }

        /**
         * The tied covariance from the scatter about each component's center summed over components (the precise
         * path): {@code (S - sum_c n_c δ_c δ_cᵀ) / sum n + reg I}, equal to scikit-learn's
         * {@code (XᵀX - sum n_c mu_c mu_cᵀ) / sum n} without its cancellation.
         */
        private void tiedFromScatter(MixtureStats s, double[] nk, double total, double[] delta, double[] cov) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double v = s.s2[i * d + j];
                    for (int comp = 0; comp < k; comp++) {
                        v -= nk[comp] * delta[comp * d + i] * delta[comp * d + j];
                    }
                    cov[i * d + j] = v / total;
                }
                cov[i * d + i] += c.regCovar;
            }
        }

        /** scikit-learn's {@code _compute_precision_cholesky}: {@code P = (L⁻¹)ᵀ} for {@code Sigma = L Lᵀ}. */
        private double[] precisionCholesky(double[] cov) {
            double[] out = new double[cov.length];
            switch (type) {
                case FULL, TIED -> {
                    int count = type == CovarianceType.FULL ? k : 1;
                    double[] l = new double[d * d];
                    double[] inv = new double[d * d];
                    for (int comp = 0; comp < count; comp++) {
                        int bad = MixtureAlgebra.choleskyLower(cov, comp * d * d, d, l);
                        if (bad >= 0) {
                            throw illDefined(type == CovarianceType.FULL ? "component " + comp : "the tied covariance");
                        }
                        MixtureAlgebra.invertLower(l, d, inv);
                        MixtureAlgebra.transposeInPlace(inv, 0, d);
                        System.arraycopy(inv, 0, out, comp * d * d, d * d);
                    }
                }
                case DIAG, SPHERICAL -> {
                    for (int i = 0; i < cov.length; i++) {
                        if (!(cov[i] > 0)) {
                            throw illDefined("component " + (type == CovarianceType.DIAG ? i / d : i));
                        }
                        out[i] = 1 / Math.sqrt(cov[i]);
                    }
                }
            }
            return out;
        }

        private DescryException illDefined(String what) {
            return new DescryException("Gaussian mixture: " + what + " has an ill-defined empirical covariance "
                    + "(not positive definite; for instance singleton or collapsed rows): use fewer components "
                    + "or a larger regCovar (now " + c.regCovar + ")");
        }
    }
}
