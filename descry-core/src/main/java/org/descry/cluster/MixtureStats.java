package org.descry.cluster;

import org.descry.data.FloatMatrix;
import org.descry.linalg.Kernels;

/**
 * The sufficient statistics of scikit-learn's M-step ({@code _estimate_gaussian_parameters}) gathered over
 * blocks of rows by one worker: {@code n_c = sum_i r_ic}, {@code s1_c = sum_i r_ic (x_i - a_c)} and the second
 * moment about the same centers {@code a_c} (full: {@code sum r (x - a)(x - a)ᵀ}; diag and spherical:
 * {@code sum r (x - a)²} per column; tied needs none, its scatter comes from one centered Gram of the data).
 *
 * <p>Moments about centers close to the new means (the previous means during EM) instead of about zero, as
 * scikit-learn's {@code X - means[k]}, keep the later {@code S/n - δδᵀ} free of cancellation. Products are float
 * over a block, summed in double across blocks; the full scatter is a {@link Kernels#gram} of
 * {@code sqrt(r) (x - a)}.
 */
final class MixtureStats {

    /** Rows summed in float before the sums move to double. */
    private static final int FLUSH_ROWS = 256;

    final CovarianceType type;
    final int k;
    final int d;
    final double[] centers;
    final boolean sharedCenter;
    /** Sums in double throughout, for ill-conditioned mixtures ({@link MixtureDensity#conditionRatio}). */
    final boolean precise;
    final double[] nk;
    final double[] s1;
    final double[] s2;
    double logLikelihood;

    private final Kernels kernels;
    private final float[] diff;
    private final FloatMatrix diffMatrix;
    /** Diag and spherical: per-column second moments. */
    private final boolean columnMoments;
    private final float[] acc1;
    private final float[] acc2;
    private final int maxRows;
    private final float[] respF;
    private final float[] squares;
    private final FloatMatrix respMatrix;
    private final FloatMatrix squaresMatrix;

    MixtureStats(CovarianceType type, int k, int d, double[] centers, boolean sharedCenter, boolean precise,
            int maxRows, Kernels kernels) {
        this.type = type;
        this.k = k;
        this.d = d;
        this.centers = centers;
        this.sharedCenter = sharedCenter;
        this.precise = precise;
        if (sharedCenter && type == CovarianceType.FULL) {
            throw new IllegalArgumentException("full covariance needs per-component centers");
        }
        this.kernels = kernels.withThreads(1);
        nk = new double[k];
        s1 = new double[k * d];
        s2 = switch (type) {
            case FULL -> new double[k * d * d];
            case TIED -> new double[precise ? d * d : 0];
            case DIAG, SPHERICAL -> new double[k * d];
        };
        diff = new float[maxRows * d];
        diffMatrix = FloatMatrix.wrap(diff, maxRows, d);
        columnMoments = type == CovarianceType.DIAG || type == CovarianceType.SPHERICAL;
        acc1 = new float[k * d];
        acc2 = columnMoments ? new float[k * d] : null;
        this.maxRows = maxRows;
        boolean shared = sharedCenter && !precise;
        respF = new float[shared ? maxRows * k : 0];
        respMatrix = FloatMatrix.wrap(respF, shared ? maxRows : 0, shared ? k : 0);
        squares = shared && columnMoments ? new float[maxRows * d] : null;
        squaresMatrix = squares == null ? null : FloatMatrix.wrap(squares, maxRows, d);
    }

    /**
     * Adds {@code rows} rows of {@code block} with responsibilities {@code resp[r * k + c]} (probabilities).
     * {@code shifted}, when not null, holds the block already minus the shared center.
     */
    void add(float[] block, float[] shifted, int rows, double[] resp) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < k; c++) {
                nk[c] += resp[r * k + c];
            }
        }
        if (precise) {
            addPrecise(block, rows, resp);
            return;
        }
        if (sharedCenter) {
            float[] x = shifted;
            if (x == null) {
                center(block, rows, 0);
                x = diff;
            }
            addShared(x, rows, resp);
            return;
        }
        for (int c = 0; c < k; c++) {
            center(block, rows, c);
            for (int r0 = 0; r0 < rows; r0 += FLUSH_ROWS) {
                for (int r = r0, r1 = Math.min(rows, r0 + FLUSH_ROWS); r < r1; r++) {
                    float w = (float) resp[r * k + c];
                    kernels.axpy(w, diff, r * d, acc1, c * d, d);
                    if (columnMoments) {
                        for (int j = 0; j < d; j++) {
                            float v = diff[r * d + j];
                            acc2[c * d + j] += w * v * v;
                        }
                    }
                }
                flush(c, c + 1);
            }
            if (type == CovarianceType.FULL) {
                for (int r = 0; r < rows; r++) {
                    kernels.scale((float) Math.sqrt(resp[r * k + c]), diff, r * d, d);
                }
                java.util.Arrays.fill(diff, rows * d, diff.length, 0f);
                double[] g = kernels.gram(diffMatrix);
                int o = c * d * d;
                for (int i = 0; i < g.length; i++) {
                    s2[o + i] += g[i];
                }
            }
        }
    }

    /**
     * The shared-center sums as the products {@code Rᵀ X'} and {@code Rᵀ X'²} over the block ({@code k x d}
     * each, {@link Kernels#transposedMultiply}); rows past {@code rows} get zero responsibility.
     */
    private void addShared(float[] x, int rows, double[] resp) {
        for (int i = 0, n = rows * k; i < n; i++) {
            respF[i] = (float) resp[i];
        }
        java.util.Arrays.fill(respF, rows * k, respF.length, 0f);
        FloatMatrix xMatrix = x == diff ? diffMatrix : FloatMatrix.wrap(x, maxRows, d);
        kernels.transposedMultiply(respMatrix, xMatrix, acc1);
        if (squares != null) {
            for (int i = 0, n = rows * d; i < n; i++) {
                squares[i] = x[i] * x[i];
            }
            java.util.Arrays.fill(squares, rows * d, squares.length, 0f);
            kernels.transposedMultiply(respMatrix, squaresMatrix, acc2);
        }
        flush(0, k);
    }

    /** Moves the float sums of components {@code [from, to)} into the double totals. */
    private void flush(int from, int to) {
        for (int i = from * d; i < to * d; i++) {
            s1[i] += acc1[i];
            acc1[i] = 0;
        }
        if (acc2 != null) {
            for (int i = from * d; i < to * d; i++) {
                s2[i] += acc2[i];
                acc2[i] = 0;
            }
        }
    }

    private void addPrecise(float[] block, int rows, double[] resp) {
        double[] diff = new double[d];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < k; c++) {
                double w = resp[r * k + c];
                if (w == 0) {
                    continue;
                }
                int o = c * d;
                for (int j = 0; j < d; j++) {
                    diff[j] = block[r * d + j] - centers[o + j];
                    s1[o + j] += w * diff[j];
                }
                switch (type) {
                    case FULL, TIED -> {
                        int so = type == CovarianceType.FULL ? c * d * d : 0;
                        for (int i = 0; i < d; i++) {
                            MixtureAlgebra.axpy(w * diff[i], diff, 0, s2, so + i * d, i, d);
                        }
                    }
                    case DIAG, SPHERICAL -> {
                        for (int j = 0; j < d; j++) {
                            s2[o + j] += w * diff[j] * diff[j];
                        }
                    }
                }
            }
        }
    }

    private void center(float[] block, int rows, int c) {
        int o = c * d;
        for (int r = 0; r < rows; r++) {
            int ro = r * d;
            for (int j = 0; j < d; j++) {
                diff[ro + j] = (float) (block[ro + j] - centers[o + j]);
            }
        }
    }

    /**
     * Completes the upper-triangle scatter of the precise path by mirroring; call once on the merged total
     * before reading {@link #s2}.
     */
    void finish() {
        if (!precise || (type != CovarianceType.FULL && type != CovarianceType.TIED)) {
            return;
        }
        int count = type == CovarianceType.FULL ? k : 1;
        for (int c = 0; c < count; c++) {
            int o = c * d * d;
            for (int i = 1; i < d; i++) {
                for (int j = 0; j < i; j++) {
                    s2[o + i * d + j] = s2[o + j * d + i];
                }
            }
        }
    }

    /** Adds another worker's statistics (same centers). */
    void merge(MixtureStats o) {
        logLikelihood += o.logLikelihood;
        for (int i = 0; i < k; i++) {
            nk[i] += o.nk[i];
        }
        for (int i = 0; i < s1.length; i++) {
            s1[i] += o.s1[i];
        }
        for (int i = 0; i < s2.length; i++) {
            s2[i] += o.s2[i];
        }
    }
}
