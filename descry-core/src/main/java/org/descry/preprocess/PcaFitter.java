package org.descry.preprocess;

import java.util.SplittableRandom;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSubset;
import org.descry.linalg.Kernels;
import org.descry.model.Provenance;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/** The fitting behind {@link Pca#fit} and {@link Pca#fitTransform}; see {@link Pca} for the method. */
final class PcaFitter {

    private PcaFitter() {}

    /** Leading eigenpairs of the covariance: values descending, vectors as rows of a {@code k x d} array. */
    private record Axes(double[] variances, double[] vectors) {}

    /**
     * Fits on the rows of {@code x}, or, when {@code scaling} is not null, on those rows scaled by it without
     * materialising them: with {@code D = diag(multiplier)}, the covariance of the scaled rows is {@code D C D} for
     * the raw covariance {@code C}, and {@code (x - mean) D} is a scaled row minus the scaled mean. A subset of
     * rows is read in place, and gives bitwise the fit on a copy of it ({@link #gathered}).
     */
    static PcaFit fit(RowSubset x, ColumnScaling scaling, Pca config, boolean keepProjection, Progress progress) {
        return fit(x, scaling, config, keepProjection, progress, gatherRows(x.cols()));
    }

    /** The fit above, gathering a subset {@code gatherRows} rows at a time (tests use small blocks). */
    static PcaFit fit(RowSubset x, ColumnScaling scaling, Pca config, boolean keepProjection, Progress progress,
            int gatherRows) {
        if (gatherRows < 1 || gatherRows % Kernels.REDUCTION_BLOCK != 0) {
            throw new IllegalArgumentException("gatherRows must be a positive multiple of " + Kernels.REDUCTION_BLOCK
                    + ", got " + gatherRows);
        }
        Blocks.requireRows("PCA", x, 2);
        int n = x.rows();
        int d = x.cols();
        if (scaling != null && scaling.inputWidth() != d) {
            throw new DescryException("x has " + d + " columns, the " + scaling.kind() + " scaling was fitted on "
                    + scaling.inputWidth());
        }
        if (scaling != null && scaling.clips()) {
            throw new IllegalArgumentException("a clipping scaling is not affine and cannot be folded into the PCA; "
                    + "fit the PCA on the scaled rows");
        }
        int r = Math.min(n, d);
        if (config.components() > r) {
            throw new DescryException("n_components must be in [1, min(n, d)=" + r + "], got " + config.components());
        }
        Kernels kernels = Kernels.best();
        ColumnScaling moments = new StandardScaler().fit(x, Progress.NONE);
        double[] mean = moments.attribute("mean");
        double[] var = moments.attribute("var");
        double[] multiplier = scaling == null ? null : scaling.multiplier();
        double[] scaledMean = mean;
        if (scaling != null) {
            double[] center = scaling.center();
            double[] shift = scaling.shift();
            scaledMean = new double[d];
            for (int j = 0; j < d; j++) {
                scaledMean[j] = (mean[j] - center[j]) * multiplier[j] + shift[j];
                var[j] *= multiplier[j] * multiplier[j];
            }
        }
        double totalVariance = 0;
        for (double v : var) {
            totalVariance += v * n / (n - 1);
        }
        SymmetricEigen eigen = null;
        double[] all;
        double[] vectors = null;
        if (config.solver() == Pca.Solver.EXACT) {
            double[] trace = new double[1];
            eigen = exact(x, mean, multiplier, kernels, config.components() != 0 ? config.components() : r, trace,
                    gatherRows);
            all = eigen.values();
            for (int i = 0; i < all.length; i++) {
                all[i] = Math.max(0, all[i]);
            }
            totalVariance = trace[0];
        } else {
            int k = config.components();
            int iterations = config.powerIterations() >= 0 ? config.powerIterations() : k < 0.1 * r ? 7 : 4;
            Axes axes = randomized(x, mean, multiplier, k, Math.min(r, k + config.oversamples()), iterations,
                    config.seed(), kernels, gatherRows);
            all = axes.variances();
            vectors = axes.vectors();
        }
        double[] ratioAll = new double[all.length];
        for (int i = 0; i < all.length; i++) {
            ratioAll[i] = all[i] / totalVariance;
        }
        int k = config.components() != 0 ? config.components() : countFor(ratioAll, config.varianceFraction(), r);
        double noise = 0;
        if (k < r) {
            noise = totalVariance;
            for (int i = 0; i < k; i++) {
                noise -= all[i];
            }
            noise = Math.max(0, noise) / (r - k);
        }
        if (eigen != null) {
            vectors = eigen.vectors(k);
        }
        double[] ev = java.util.Arrays.copyOf(all, k);
        double[] ratio = java.util.Arrays.copyOf(ratioAll, k);
        double[] sv = new double[k];
        float[] comps = new float[k * d];
        for (int c = 0; c < k; c++) {
            sv[c] = Math.sqrt(ev[c] * (n - 1));
            for (int j = 0; j < d; j++) {
                comps[c * d + j] = (float) vectors[c * d + j];
            }
        }
        java.util.Map<String, Object> params = config.describe();
        if (scaling != null) {
            params.put("after_scaler", scaling.kind());
        }
        Provenance prov = Provenance.of(Pca.KIND, params, config.seed(), n + " x " + d);
        PcaModel unsigned = new PcaModel(comps, k, scaledMean, ev, ratio, sv, noise, n, config.whiten(), prov,
                scaling, mean);
        FloatMatrix projected = keepProjection ? FloatMatrix.zeros(n, k) : null;
        double[] maxAbs = new double[2 * k];
        unsigned.project(x, projected, maxAbs, kernels);
        boolean[] flip = new boolean[k];
        boolean any = false;
        for (int c = 0; c < k; c++) {
            flip[c] = maxAbs[k + c] < 0;
            any |= flip[c];
        }
        if (projected != null && any) {
            int kk = k;
            Blocks.parallel(n, k, (from, to, buf) -> {
                projected.copyRows(from, to, buf, 0);
                for (int i = 0; i < (to - from) * kk; i++) {
                    if (flip[i % kk]) {
                        buf[i] = -buf[i];
                    }
                }
                java.lang.foreign.MemorySegment.copy(buf, 0, projected.segment(), FloatMatrix.LAYOUT,
                        4L * from * kk, (to - from) * kk);
            });
        }
        progress.step(1, 1);
        PcaModel model = unsigned.flipped(flip);
        return new PcaFit(model, projected);
    }

    /** scikit-learn's {@code searchsorted(cumsum(ratio), f, side='right') + 1}, at most {@code r}. */
    static int countFor(double[] ratio, double fraction, int r) {
        double cum = 0;
        int below = 0;
        for (int i = 0; i < Math.min(r, ratio.length); i++) {
            cum += ratio[i];
            if (cum <= fraction) {
                below++;
            }
        }
        return Math.min(r, below + 1);
    }

    /**
     * The {@code count} largest covariance eigenvalues from the blocked scatter matrix (vectors come later, only for
     * those kept); {@code trace[0]} receives the covariance trace, the sum of all eigenvalues. With a
     * {@code multiplier} the covariance is that of the scaled columns, {@code D C D}.
     */
    private static SymmetricEigen exact(RowSubset x, double[] mean, double[] multiplier, Kernels kernels, int count,
            double[] trace, int gatherRows) {
        int n = x.rows();
        int d = x.cols();
        double[] scatter;
        if (x.isAll()) {
            scatter = kernels.centeredGram(x.matrix(), mean);
        } else {
            double[] sum = new double[d * d];
            gathered(x, gatherRows, (from, block) -> kernels.addCenteredGram(block, mean, sum));
            Kernels.mirrorUpper(sum, d);
            scatter = sum;
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                scatter[i * d + j] /= n - 1;
                if (multiplier != null) {
                    scatter[i * d + j] *= multiplier[i] * multiplier[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            trace[0] += scatter[i * d + i];
        }
        return new SymmetricEigen(scatter, d, count);
    }

    /**
     * Halko, Martinsson and Tropp's randomized range finder with {@code iterations} normalised power iterations,
     * then the SVD of {@code Qᵀ (x - mean)}. Returns {@code k} pairs. With a {@code multiplier}, of
     * {@code (x - mean) D}: {@code D} is folded into the right factor of each product.
     */
    private static Axes randomized(RowSubset x, double[] mean, double[] multiplier, int k, int l, int iterations,
            long seed, Kernels kernels, int gatherRows) {
        int n = x.rows();
        int d = x.cols();
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] omega = new float[l * d];
        for (int i = 0; i < omega.length; i++) {
            omega[i] = (float) rnd.nextGaussian();
        }
        FloatMatrix qt = FloatMatrix.wrap(omega, l, d);
        for (int it = 0; it < iterations; it++) {
            FloatMatrix y = orthonormalize(times(x, mean, scaledColumns(qt, multiplier), kernels), kernels);
            qt = transposeOf(orthonormalize(scaledRows(transposeTimes(x, mean, y, kernels, gatherRows), multiplier),
                    kernels));
        }
        FloatMatrix q = orthonormalize(times(x, mean, scaledColumns(qt, multiplier), kernels), kernels);
        FloatMatrix bt = scaledRows(transposeTimes(x, mean, q, kernels, gatherRows), multiplier);
        DMatrixRMaj b = new DMatrixRMaj(l, d);
        for (int j = 0; j < d; j++) {
            for (int c = 0; c < l; c++) {
                b.set(c, j, bt.get(j, c));
            }
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(l, d, false, true, true);
        if (!svd.decompose(b)) {
            throw new IllegalStateException("SVD of the projected matrix did not converge");
        }
        double[] s = svd.getSingularValues();
        DMatrixRMaj vt = svd.getV(null, true);
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, c) -> Double.compare(s[c], s[a]));
        double[] values = new double[k];
        double[] vectors = new double[k * d];
        for (int c = 0; c < k; c++) {
            values[c] = s[order[c]] * s[order[c]] / (n - 1);
            for (int j = 0; j < d; j++) {
                vectors[c * d + j] = vt.get(order[c], j);
            }
        }
        return new Axes(values, vectors);
    }

    /** {@code m D} for an {@code l x d} matrix, or {@code m} itself when {@code multiplier} is null. */
    private static FloatMatrix scaledColumns(FloatMatrix m, double[] multiplier) {
        if (multiplier == null) {
            return m;
        }
        float[] a = m.toArray();
        int d = m.cols();
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (a[i] * multiplier[i % d]);
        }
        return FloatMatrix.wrap(a, m.rows(), d);
    }

    /** {@code D m} for a {@code d x l} matrix, or {@code m} itself when {@code multiplier} is null. */
    private static FloatMatrix scaledRows(FloatMatrix m, double[] multiplier) {
        if (multiplier == null) {
            return m;
        }
        float[] a = m.toArray();
        int l = m.cols();
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (a[i] * multiplier[i / l]);
        }
        return FloatMatrix.wrap(a, m.rows(), l);
    }

    private static int panelRows(int d) {
        return Math.max(64, Math.min(8192, (1 << 23) / Math.max(1, d)));
    }

    /** {@code (x - mean) · qtᵀ}, {@code n x l}. */
    private static FloatMatrix times(RowSubset x, double[] mean, FloatMatrix qt, Kernels kernels) {
        int n = x.rows();
        int d = x.cols();
        int l = qt.rows();
        FloatMatrix out = FloatMatrix.zeros(n, l);
        int block = panelRows(d);
        float[] buf = new float[block * d];
        float[] tile = new float[block * l];
        for (int r0 = 0; r0 < n; r0 += block) {
            int r1 = Math.min(n, r0 + block);
            centered(x, mean, r0, r1, buf);
            kernels.multiplyTransposed(FloatMatrix.wrap(buf, block, d), 0, r1 - r0, qt, 0, l, tile);
            java.lang.foreign.MemorySegment.copy(tile, 0, out.segment(), FloatMatrix.LAYOUT, 4L * r0 * l,
                    (r1 - r0) * l);
        }
        return out;
    }

    /** {@code (x - mean)ᵀ · y}, {@code d x l}, accumulated in double by the packed product (no transposed copy). */
    private static FloatMatrix transposeTimes(RowSubset x, double[] mean, FloatMatrix y, Kernels kernels,
            int gatherRows) {
        double[] sum;
        if (x.isAll()) {
            sum = kernels.centeredTransposedMultiply(x.matrix(), mean, y);
        } else {
            double[] acc = new double[x.cols() * y.cols()];
            gathered(x, gatherRows, (from, block) -> kernels.addCenteredTransposedMultiply(block, mean,
                    y.rowRange(from, from + block.rows()), acc));
            sum = acc;
        }
        float[] out = new float[sum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) sum[i];
        }
        return FloatMatrix.wrap(out, x.cols(), y.cols());
    }

    private static void centered(RowSubset x, double[] mean, int r0, int r1, float[] buf) {
        int d = x.cols();
        x.copyRows(r0, r1, buf, 0);
        for (int r = 0; r < r1 - r0; r++) {
            for (int j = 0; j < d; j++) {
                buf[r * d + j] = (float) (buf[r * d + j] - mean[j]);
            }
        }
    }

    /** What {@link #gathered} does with each block: rows {@code [from, from + block.rows())} of the subset. */
    @FunctionalInterface
    private interface BlockTask {
        void run(int from, FloatMatrix block);
    }

    /** Rows of a gathered block: about 32 MB, a multiple of {@link Kernels#REDUCTION_BLOCK}. */
    static int gatherRows(int d) {
        int unit = Kernels.REDUCTION_BLOCK;
        return Math.max(unit, (1 << 23) / Math.max(1, d) / unit * unit);
    }

    /**
     * Feeds the rows of {@code x} to {@code task} as consecutive heap blocks of {@code rows} rows (a multiple of
     * {@link Kernels#REDUCTION_BLOCK}), so the streamed products sum exactly what the one-call products sum on a
     * copy of the rows. The block buffer is reused; the blocked kernels parallelise within each block.
     */
    private static void gathered(RowSubset x, int rows, BlockTask task) {
        int n = x.rows();
        int d = x.cols();
        float[] buf = new float[Math.min(rows, n) * d];
        FloatMatrix whole = FloatMatrix.wrap(buf, Math.min(rows, n), d);
        for (int r0 = 0; r0 < n; r0 += rows) {
            int r1 = Math.min(n, r0 + rows);
            x.copyRows(r0, r1, buf, 0);
            task.run(r0, r1 - r0 == whole.rows() ? whole : FloatMatrix.wrap(java.util.Arrays.copyOf(buf,
                    (r1 - r0) * d), r1 - r0, d));
        }
    }

    /**
     * Orthonormal columns spanning those of {@code y} ({@code m x l}) by SVQB twice: with {@code G = yᵀy = W Λ Wᵀ},
     * {@code y W Λ^{-1/2}}, eigenvalues below {@code 1e-12 λ_max} raised to it so rank-deficient panels stay finite.
     */
    static FloatMatrix orthonormalize(FloatMatrix y, Kernels kernels) {
        FloatMatrix q = y;
        for (int pass = 0; pass < 2; pass++) {
            int l = q.cols();
            double[] g = kernels.gram(q);
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(l, true, true);
            if (!eig.decompose(DMatrixRMaj.wrap(l, l, g))) {
                throw new IllegalStateException("eigendecomposition of a Gram matrix did not converge");
            }
            double max = 0;
            for (int i = 0; i < l; i++) {
                max = Math.max(max, eig.getEigenvalue(i).getReal());
            }
            float[] mt = new float[l * l];
            for (int c = 0; c < l; c++) {
                double lambda = Math.max(eig.getEigenvalue(c).getReal(), Math.max(1e-12 * max, Double.MIN_NORMAL));
                DMatrixRMaj w = eig.getEigenVector(c);
                for (int i = 0; i < l; i++) {
                    mt[c * l + i] = (float) (w.get(i, 0) / Math.sqrt(lambda));
                }
            }
            q = kernels.multiplyTransposed(q, FloatMatrix.wrap(mt, l, l));
        }
        return q;
    }

    private static FloatMatrix transposeOf(FloatMatrix m) {
        int rows = m.rows();
        int cols = m.cols();
        float[] a = m.toArray();
        float[] t = new float[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return FloatMatrix.wrap(t, cols, rows);
    }
}
