package org.descry.preprocess;

import java.util.SplittableRandom;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
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

    static PcaFit fit(FloatMatrix x, Pca config, boolean keepProjection, Progress progress) {
        Blocks.requireRows("PCA", x, 2);
        int n = x.rows();
        int d = x.cols();
        int r = Math.min(n, d);
        if (config.components() > r) {
            throw new DescryException("n_components must be in [1, min(n, d)=" + r + "], got " + config.components());
        }
        Kernels kernels = Kernels.best();
        ColumnScaling moments = new StandardScaler().fit(x);
        double[] mean = moments.attribute("mean");
        double[] var = moments.attribute("var");
        double totalVariance = 0;
        for (double v : var) {
            totalVariance += v * n / (n - 1);
        }
        Axes axes;
        if (config.solver() == Pca.Solver.EXACT) {
            axes = exact(x, mean, kernels, r);
        } else {
            int k = config.components();
            int iterations = config.powerIterations() >= 0 ? config.powerIterations() : k < 0.1 * r ? 7 : 4;
            axes = randomized(x, mean, k, Math.min(r, k + config.oversamples()), iterations, config.seed(), kernels);
        }
        double[] all = axes.variances();
        double[] ratioAll = new double[all.length];
        for (int i = 0; i < all.length; i++) {
            ratioAll[i] = all[i] / totalVariance;
        }
        int k = config.components() != 0 ? config.components() : countFor(ratioAll, config.varianceFraction(), r);
        double noise = 0;
        if (k < r) {
            if (config.solver() == Pca.Solver.EXACT) {
                for (int i = k; i < r; i++) {
                    noise += all[i];
                }
            } else {
                noise = totalVariance;
                for (int i = 0; i < k; i++) {
                    noise -= all[i];
                }
            }
            noise /= r - k;
        }
        double[] ev = java.util.Arrays.copyOf(all, k);
        double[] ratio = java.util.Arrays.copyOf(ratioAll, k);
        double[] sv = new double[k];
        float[] comps = new float[k * d];
        for (int c = 0; c < k; c++) {
            sv[c] = Math.sqrt(ev[c] * (n - 1));
            for (int j = 0; j < d; j++) {
                comps[c * d + j] = (float) axes.vectors()[c * d + j];
            }
        }
        Provenance prov = Provenance.of(Pca.KIND, config.describe(), config.seed(), n + " x " + d);
        PcaModel unsigned = new PcaModel(comps, k, mean, ev, ratio, sv, noise, n, config.whiten(), prov);
        FloatMatrix projected = keepProjection ? FloatMatrix.zeros(n, k) : null;
        double[] maxAbs = new double[2 * k];
        unsigned.project(x, projected, maxAbs, kernels);
        boolean[] flip = new boolean[k];
        boolean any = false;
        for (int c = 0; c < k; c++) {
            flip[c] = maxAbs[k + c] < 0;
            any |= flip[c];
            if (flip[c]) {
                for (int j = 0; j < d; j++) {
                    comps[c * d + j] = -comps[c * d + j];
                }
            }
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
        PcaModel model = new PcaModel(comps, k, mean, ev, ratio, sv, noise, n, config.whiten(), prov);
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

    /** All {@code r} eigenpairs of the covariance from its blocked scatter matrix. */
    private static Axes exact(FloatMatrix x, double[] mean, Kernels kernels, int r) {
        int n = x.rows();
        int d = x.cols();
        double[] scatter = kernels.centeredGram(x, mean);
        for (int i = 0; i < scatter.length; i++) {
            scatter[i] /= n - 1;
        }
        DMatrixRMaj cov = DMatrixRMaj.wrap(d, d, scatter);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(cov)) {
            throw new IllegalStateException("symmetric eigendecomposition did not converge");
        }
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(eig.getEigenvalue(b).getReal(),
                eig.getEigenvalue(a).getReal()));
        double[] values = new double[r];
        double[] vectors = new double[r * d];
        for (int c = 0; c < r; c++) {
            values[c] = Math.max(0, eig.getEigenvalue(order[c]).getReal());
            DMatrixRMaj v = eig.getEigenVector(order[c]);
            System.arraycopy(v.data, 0, vectors, c * d, d);
        }
        return new Axes(values, vectors);
    }

    /**
     * Halko, Martinsson and Tropp's randomized range finder with {@code iterations} normalised power iterations,
     * then the SVD of {@code Qᵀ (x - mean)}. Returns {@code k} pairs.
     */
    private static Axes randomized(FloatMatrix x, double[] mean, int k, int l, int iterations, long seed,
            Kernels kernels) {
        int n = x.rows();
        int d = x.cols();
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] omega = new float[l * d];
        for (int i = 0; i < omega.length; i++) {
            omega[i] = (float) rnd.nextGaussian();
        }
        FloatMatrix qt = FloatMatrix.wrap(omega, l, d);
        for (int it = 0; it < iterations; it++) {
            FloatMatrix y = orthonormalize(times(x, mean, qt, kernels), kernels);
            qt = transposeOf(orthonormalize(transposeTimes(x, mean, y, kernels), kernels));
        }
        FloatMatrix q = orthonormalize(times(x, mean, qt, kernels), kernels);
        FloatMatrix bt = transposeTimes(x, mean, q, kernels);
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

    private static int panelRows(int d) {
        return Math.max(64, Math.min(8192, (1 << 23) / Math.max(1, d)));
    }

    /** {@code (x - mean) · qtᵀ}, {@code n x l}. */
    private static FloatMatrix times(FloatMatrix x, double[] mean, FloatMatrix qt, Kernels kernels) {
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

    /** {@code (x - mean)ᵀ · y}, {@code d x l}, summed over row panels in double. */
    private static FloatMatrix transposeTimes(FloatMatrix x, double[] mean, FloatMatrix y, Kernels kernels) {
        int n = x.rows();
        int d = x.cols();
        int l = y.cols();
        int block = panelRows(d);
        float[] buf = new float[block * d];
        float[] xt = new float[d * block];
        float[] ybuf = new float[block * l];
        float[] yt = new float[l * block];
        float[] tile = new float[d * l];
        double[] sum = new double[d * l];
        for (int r0 = 0; r0 < n; r0 += block) {
            int r1 = Math.min(n, r0 + block);
            int rows = r1 - r0;
            centered(x, mean, r0, r1, buf);
            y.copyRows(r0, r1, ybuf, 0);
            java.util.Arrays.fill(xt, 0);
            java.util.Arrays.fill(yt, 0);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < d; j++) {
                    xt[j * block + r] = buf[r * d + j];
                }
                for (int c = 0; c < l; c++) {
                    yt[c * block + r] = ybuf[r * l + c];
                }
            }
            kernels.multiplyTransposed(FloatMatrix.wrap(xt, d, block), 0, d, FloatMatrix.wrap(yt, l, block), 0, l,
                    tile);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += tile[i];
            }
        }
        float[] out = new float[d * l];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) sum[i];
        }
        return FloatMatrix.wrap(out, d, l);
    }

    private static void centered(FloatMatrix x, double[] mean, int r0, int r1, float[] buf) {
        int d = x.cols();
        x.copyRows(r0, r1, buf, 0);
        for (int r = 0; r < r1 - r0; r++) {
            for (int j = 0; j < d; j++) {
                buf[r * d + j] = (float) (buf[r * d + j] - mean[j]);
            }
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
