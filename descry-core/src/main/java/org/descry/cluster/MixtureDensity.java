package org.descry.cluster;

import org.descry.data.FloatMatrix;
import org.descry.linalg.Kernels;

/**
 * The per-row, per-component weighted log densities {@code log w_c + log N(x | mu_c, Sigma_c)} of a Gaussian
 * mixture, evaluated on blocks of rows: scikit-learn's {@code _estimate_weighted_log_prob}, arranged so the work
 * is float32 matrix products and the rest is double.
 *
 * <ul>
 * <li>{@code full}/{@code tied}: per component, {@code y = (x - mu_c) P_c} with the precision Cholesky factor
 * {@code P_c} ({@code P_c P_cᵀ = Sigma_c⁻¹}) as a float product over the block; {@code x - mu_c} is formed in
 * double and rounded once, so no cancellation happens in float. The Mahalanobis distance is {@code |y|²}.</li>
 * <li>{@code diag}/{@code spherical}: scikit-learn's product form
 * {@code sum(mu² p) - 2 x·(mu p) + x²·p} as two {@code A·Bᵀ} products, on rows shifted by the mixture mean
 * {@code sum_c w_c mu_c} (the density does not change under a common shift) so the three terms stay small
 * next to their sum and float cancellation stays at the level of the spread of the components.</li>
 * </ul>
 * Log determinants, constants and the sums are double.
 *
 * <p>When the mixture is ill-conditioned for float32 ({@link #conditionRatio} above
 * {@link #FLOAT_CONDITION_LIMIT}: a component much narrower than the data, as with sparse histogram
 * descriptors where a collapsed column keeps only {@code reg_covar}), everything runs in double row by row
 * instead, as scikit-learn does: slower, but the float path would miss scikit-learn by more than {@code 1e-4}
 * in the mean log-likelihood there (the fashion case's colour descriptors).
 *
 * <p>Immutable and thread-safe; each worker thread brings its own {@link Scratch}.
 */
final class MixtureDensity {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    final CovarianceType type;
    final int k;
    final int d;
    final double[] means;
    final boolean precise;
    private final boolean upperTriangular;
    private final double[] precisionChol;
    private final double[] base;
    /**
     * For an upper-triangular {@code P}, column {@code j} of {@code (x - mu) P} needs only the first {@code j + 1}
     * columns of {@code x - mu}: the output columns are cut into panels ending at {@code panelEnds[p]}, and panel
     * {@code p} multiplies just that prefix, which saves nearly half of the products. Panels are at most
     * {@value #PANEL} columns wide, so each product has a small side and runs on the kernels' skinny path, which
     * reads the rows in place instead of packing (transposing) them: with wider panels that packing took about a
     * sixth of a {@code full} iteration. The price is the prefix copies, {@code d²/64} floats per block row.
     */
    private final int[] panelEnds;
    /** Widest panel: the skinny-product cut-over of {@link Kernels#multiplyTransposed} with AVX-512. */
    private static final int PANEL = 32;
    private final FloatMatrix[][] panels;
    private final double[] shift;
    private final FloatMatrix meanTimesPrecision;
    private final FloatMatrix precision;
    private final double[] sphericalPrecision;
    private final Kernels kernels;

    /**
     * Above this {@link #conditionRatio} the float products could lose more than about {@code 1e-5} of the
     * result, and both the E-step and the M-step statistics run in double instead.
     */
    static final double FLOAT_CONDITION_LIMIT = 100;

    /** Evaluates the mixture {@code p} of {@code k} components of width {@code d}. */
    MixtureDensity(CovarianceType type, int k, int d, GaussianMixture.Params params, Kernels kernels) {
        this(type, k, d, params, kernels, conditionRatio(type, k, d, params) > FLOAT_CONDITION_LIMIT);
    }

    /** As above with the double path forced on or off (for tests comparing the two). */
    MixtureDensity(CovarianceType type, int k, int d, GaussianMixture.Params params, Kernels kernels,
            boolean precise) {
        double[] weights = params.weights();
        double[] means = params.means();
        double[] precisionChol = params.precisionsCholesky();
        this.type = type;
        this.k = k;
        this.d = d;
        this.means = means;
        this.precisionChol = precisionChol;
        this.kernels = kernels.withThreads(1);
        this.precise = precise;
        this.upperTriangular = isUpperTriangular(type, k, d, precisionChol);
        this.base = new double[k];
        double[] logDet = logDetCholesky(type, k, d, precisionChol);
        for (int c = 0; c < k; c++) {
            base[c] = Math.log(weights[c]) - 0.5 * d * LOG_2PI + logDet[c];
        }
        if (precise) {
            panelEnds = null;
            panels = null;
            shift = null;
            meanTimesPrecision = null;
            precision = null;
            sphericalPrecision = null;
        } else if (type == CovarianceType.FULL || type == CovarianceType.TIED) {
            int count = type == CovarianceType.FULL ? k : 1;
            panelEnds = panelEnds(d, upperTriangular);
            panels = new FloatMatrix[count][panelEnds.length];
            for (int c = 0; c < count; c++) {
                int j0 = 0;
                for (int p = 0; p < panelEnds.length; p++) {
                    int j1 = panelEnds[p];
                    float[] b = new float[(j1 - j0) * j1];
                    for (int j = j0; j < j1; j++) {
                        for (int i = 0; i < j1; i++) {
                            b[(j - j0) * j1 + i] = (float) precisionChol[c * d * d + i * d + j];
                        }
                    }
                    panels[c][p] = FloatMatrix.wrap(b, j1 - j0, j1);
                    j0 = j1;
                }
            }
            shift = null;
            meanTimesPrecision = null;
            precision = null;
            sphericalPrecision = null;
        } else {
            panelEnds = null;
            panels = null;
            shift = new double[d];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    shift[j] += weights[c] * means[c * d + j];
                }
            }
            float[] mp = new float[k * d];
            float[] p = new float[k * d];
            sphericalPrecision = new double[k];
            for (int c = 0; c < k; c++) {
                double constant = 0;
                for (int j = 0; j < d; j++) {
                    double pc = type == CovarianceType.DIAG ? sq(precisionChol[c * d + j]) : sq(precisionChol[c]);
                    double m = means[c * d + j] - shift[j];
                    mp[c * d + j] = (float) (m * pc);
                    p[c * d + j] = (float) pc;
                    constant += m * m * pc;
                }
                sphericalPrecision[c] = sq(precisionChol[c]);
                base[c] -= 0.5 * constant;
            }
            meanTimesPrecision = FloatMatrix.wrap(mp, k, d);
            precision = FloatMatrix.wrap(p, k, d);
        }
    }

    /**
     * How far float32 rounding of rows, expressed about the mixture mean, is amplified in a Mahalanobis distance:
     * the largest column variance of the mixture times the largest diagonal entry of a precision matrix. Near 1
     * for standardised, well-separated data; large when some component is much narrower than the data (a
     * collapsed column with only {@code reg_covar} left, as in sparse histogram descriptors).
     */
    static double conditionRatio(CovarianceType type, int k, int d, GaussianMixture.Params p) {
        double[] w = p.weights();
        double[] mu = p.means();
        double[] cov = p.covariances();
        double[] chol = p.precisionsCholesky();
        double maxVariance = 0;
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (int c = 0; c < k; c++) {
                m += w[c] * mu[c * d + j];
            }
            double v = 0;
            for (int c = 0; c < k; c++) {
                double var = switch (type) {
                    case FULL -> cov[c * d * d + j * d + j];
                    case TIED -> cov[j * d + j];
                    case DIAG -> cov[c * d + j];
                    case SPHERICAL -> cov[c];
                };
                v += w[c] * (var + sq(mu[c * d + j] - m));
            }
            maxVariance = Math.max(maxVariance, v);
        }
        double maxPrecision = 0;
        int count = type == CovarianceType.TIED ? 1 : k;
        for (int c = 0; c < count; c++) {
            for (int j = 0; j < d; j++) {
                double pj = 0;
                switch (type) {
                    case FULL, TIED -> {
                        int o = c * d * d + j * d;
                        for (int i = 0; i < d; i++) {
                            pj += sq(chol[o + i]);
                        }
                    }
                    case DIAG -> pj = sq(chol[c * d + j]);
                    case SPHERICAL -> pj = sq(chol[c]);
                }
                maxPrecision = Math.max(maxPrecision, pj);
            }
        }
        return maxVariance * maxPrecision;
    }

    /** Whether every full factor is upper triangular (as computed in the M-step; given precisions are lower). */
    private static boolean isUpperTriangular(CovarianceType type, int k, int d, double[] chol) {
        if (type != CovarianceType.FULL && type != CovarianceType.TIED) {
            return false;
        }
        int count = type == CovarianceType.FULL ? k : 1;
        for (int c = 0; c < count; c++) {
            for (int i = 1; i < d; i++) {
                for (int j = 0; j < i; j++) {
                    if (chol[c * d * d + i * d + j] != 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Panel ends for width {@code d}: panels of equal width up to {@link #PANEL} when triangular, else one. */
    private static int[] panelEnds(int d, boolean triangular) {
        int count = triangular ? (d + PANEL - 1) / PANEL : 1;
        if (count <= 1) {
            return new int[] {d};
        }
        int[] ends = new int[count];
        for (int p = 0; p < count; p++) {
            ends[p] = (int) ((long) d * (p + 1) / count);
        }
        return ends;
    }

    private static double sq(double v) {
        return v * v;
    }

    /** {@code sum log diag(P_c)}: half the log determinant of the precision, scikit-learn's {@code log_det}. */
    static double[] logDetCholesky(CovarianceType type, int k, int d, double[] chol) {
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            double s = 0;
            switch (type) {
                case FULL -> {
                    for (int j = 0; j < d; j++) {
                        s += Math.log(chol[c * d * d + j * d + j]);
                    }
                }
                case TIED -> {
                    for (int j = 0; j < d; j++) {
                        s += Math.log(chol[j * d + j]);
                    }
                }
                case DIAG -> {
                    for (int j = 0; j < d; j++) {
                        s += Math.log(chol[c * d + j]);
                    }
                }
                case SPHERICAL -> s = d * Math.log(chol[c]);
            }
            out[c] = s;
        }
        return out;
    }

    /** The per-component center the rows are expressed against before the products (see the class comment). */
    double center(int c, int j) {
        return shift != null ? shift[j] : means[c * d + j];
    }

    /** Whether all components share one center (then {@link Scratch#shifted} holds the shifted block). */
    boolean sharedCenter() {
        return shift != null;
    }

    /** Working arrays for blocks of up to {@code maxRows} rows. */
    final class Scratch {
        final int maxRows;
        final float[] shifted;
        final float[] work;
        private final FloatMatrix shiftedMatrix;
        private final FloatMatrix workMatrix;
        private final float[] product;
        private final float[] product2;
        final double[] doubles;
        private final double[] maha;
        private final float[][] prefix;
        private final FloatMatrix[] prefixMatrix;
        final double[] doubles2;

        Scratch(int maxRows) {
            this.maxRows = maxRows;
            shifted = new float[maxRows * d];
            work = new float[maxRows * d];
            shiftedMatrix = FloatMatrix.wrap(shifted, maxRows, d);
            workMatrix = FloatMatrix.wrap(work, maxRows, d);
            product = new float[maxRows * Math.max(k, panels == null ? 0 : d)];
            product2 = new float[panels == null ? maxRows * k : 0];
            doubles = new double[precise ? d : 0];
            maha = new double[maxRows];
            int panelCount = panelEnds == null ? 0 : panelEnds.length - 1;
            prefix = new float[panelCount][];
            prefixMatrix = new FloatMatrix[panelCount];
            for (int p = 0; p < panelCount; p++) {
                prefix[p] = new float[maxRows * panelEnds[p]];
                prefixMatrix[p] = FloatMatrix.wrap(prefix[p], maxRows, panelEnds[p]);
            }
            doubles2 = new double[precise ? d : 0];
        }

        /** {@code dst[r, j] = (float) (block[r, j] - center(c, j))}. */
        void centerRows(float[] block, int rows, int c, float[] dst) {
            double[] center = shift != null ? shift : means;
            int co = shift != null ? 0 : c * d;
            for (int r = 0; r < rows; r++) {
                int o = r * d;
                // a plain loop over arrays, which C2 vectorizes (float to double, subtract, back to float)
                for (int j = 0; j < d; j++) {
                    dst[o + j] = (float) (block[o + j] - center[co + j]);
                }
            }
        }
    }

    Scratch scratch(int maxRows) {
        return new Scratch(maxRows);
    }

    /**
     * {@code out[r * k + c] = log w_c + log N(row r | c)} for the {@code rows} rows in {@code block}. For a
     * shared center it leaves the shifted rows in {@code s.shifted}.
     */
    void weightedLogProb(float[] block, int rows, double[] out, Scratch s) {
        if (precise) {
            preciseWeightedLogProb(block, rows, out, s);
            return;
        }
        if (panels != null) {
            for (int c = 0; c < k; c++) {
                s.centerRows(block, rows, c, s.work);
                FloatMatrix[] f = panels[type == CovarianceType.FULL ? c : 0];
                java.util.Arrays.fill(s.maha, 0, rows, 0);
                int j0 = 0;
                for (int p = 0; p < f.length; p++) {
                    int j1 = panelEnds[p];
                    FloatMatrix in = s.workMatrix;
                    if (j1 < d) {
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(s.work, r * d, s.prefix[p], r * j1, j1);
                        }
                        in = s.prefixMatrix[p];
                    }
                    int w = j1 - j0;
                    kernels.multiplyTransposed(in, 0, rows, f[p], 0, w, s.product);
                    for (int r = 0; r < rows; r++) {
                        s.maha[r] += kernels.dot(s.product, r * w, s.product, r * w, w);
                    }
                    j0 = j1;
                }
                for (int r = 0; r < rows; r++) {
                    out[r * k + c] = base[c] - 0.5 * s.maha[r];
                }
            }
            return;
        }
        s.centerRows(block, rows, 0, s.shifted);
        // k x rows rather than rows x k: the micro-kernel's wide side then runs along the rows, not the k columns
        kernels.multiplyTransposed(meanTimesPrecision, 0, k, s.shiftedMatrix, 0, rows, s.product);
        if (type == CovarianceType.DIAG) {
            for (int i = 0, n = rows * d; i < n; i++) {
                s.work[i] = s.shifted[i] * s.shifted[i];
            }
            kernels.multiplyTransposed(precision, 0, k, s.workMatrix, 0, rows, s.product2);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < k; c++) {
                    out[r * k + c] = base[c] - 0.5 * (s.product2[c * rows + r] - 2.0 * s.product[c * rows + r]);
                }
            }
        } else {
            for (int r = 0; r < rows; r++) {
                double norm = kernels.dot(s.shifted, r * d, s.shifted, r * d, d);
                for (int c = 0; c < k; c++) {
                    out[r * k + c] = base[c] - 0.5 * (norm * sphericalPrecision[c] - 2.0 * s.product[c * rows + r]);
                }
            }
        }
    }

    /** The same in double throughout, for ill-conditioned mixtures (see {@link #conditionRatio}). */
    private void preciseWeightedLogProb(float[] block, int rows, double[] out, Scratch s) {
        double[] diff = s.doubles;
        double[] y = s.doubles2;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    diff[j] = block[r * d + j] - means[c * d + j];
                }
                double maha = 0;
                switch (type) {
                    case FULL, TIED -> {
                        int o = type == CovarianceType.FULL ? c * d * d : 0;
                        java.util.Arrays.fill(y, 0, d, 0);
                        int from = 0;
                        for (int i = 0; i < d; i++) {
                            if (upperTriangular) {
                                from = i;
                            }
                            MixtureAlgebra.axpy(diff[i], precisionChol, o + i * d, y, 0, from, d);
                        }
                        maha = MixtureAlgebra.dot(y, 0, y, 0, d);
                    }
                    case DIAG -> {
                        for (int j = 0; j < d; j++) {
                            double z = diff[j] * precisionChol[c * d + j];
                            maha += z * z;
                        }
                    }
                    case SPHERICAL -> {
                        for (int j = 0; j < d; j++) {
                            maha += diff[j] * diff[j];
                        }
                        maha *= sq(precisionChol[c]);
                    }
                }
                out[r * k + c] = base[c] - 0.5 * maha;
            }
        }
    }

    /**
     * Turns weighted log probabilities into log responsibilities in place (log-sum-exp per row, as scikit-learn's
     * {@code _estimate_log_prob_resp}) and returns the sum over the rows of {@code log p(x)}; when {@code norms}
     * is not null it receives each row's {@code log p(x)}.
     */
    static double normalize(double[] wlp, int rows, int k, double[] norms, int normsOff) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, wlp[o + c]);
            }
            double lse;
            if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
                lse = max;
            } else {
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += Math.exp(wlp[o + c] - max);
                }
                lse = max + Math.log(sum);
            }
            for (int c = 0; c < k; c++) {
                wlp[o + c] -= lse;
            }
            if (norms != null) {
                norms[normsOff + r] = lse;
            }
            total += lse;
        }
        return total;
    }
}
