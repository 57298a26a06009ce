package org.descry.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.linalg.Kernels;
import org.descry.model.ClusterModel;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A fitted Gaussian mixture: scikit-learn's {@code weights_}, {@code means_}, {@code covariances_},
 * {@code precisions_cholesky_}, {@code converged_}, {@code n_iter_}, {@code lower_bound_}, with {@code predict},
 * {@code predict_proba}, {@code score_samples}, {@code score}, {@code bic} and {@code aic} computed as there.
 * Arrays are flat and row-major in scikit-learn's shapes for the {@link CovarianceType}.
 *
 * <p>Saved as a model folder: the arrays as float32 {@code .npy} (numpy reads them), the rest in
 * {@code model.json}. A loaded model computes with those float32-rounded parameters, so its scores can differ
 * from the fitted one's in the seventh significant digit; saving a loaded model again is exact.
 */
public final class GaussianMixtureModel implements ClusterModel {

    static final String KIND = "gaussian-mixture";

    private final CovarianceType type;
    private final int k;
    private final int d;
    private final GaussianMixture.Params params;
    private final boolean converged;
    private final int nIter;
    private final double lowerBound;
    private final int[] labels;
    private final Provenance provenance;
    private final MixtureDensity density;

    GaussianMixtureModel(CovarianceType type, int k, int d, GaussianMixture.Params params, boolean converged,
            int nIter, double lowerBound, int[] labels, Provenance provenance) {
        this.type = type;
        this.k = k;
        this.d = d;
        this.params = params;
        this.converged = converged;
        this.nIter = nIter;
        this.lowerBound = lowerBound;
        this.labels = labels;
        this.provenance = provenance;
        this.density = new MixtureDensity(type, k, d, params, Kernels.best());
    }

    @Override
    public int k() {
        return k;
    }

    @Override
    public int inputWidth() {
        return d;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    public CovarianceType covarianceType() {
        return type;
    }

    /** {@code weights_}, {@code k}. */
    public double[] weights() {
        return params.weights().clone();
    }

    /** {@code means_}, {@code k x d}. */
    public double[] means() {
        return params.means().clone();
    }

    /** {@code covariances_}, in the layout of {@link #covarianceType()}. */
    public double[] covariances() {
        return params.covariances().clone();
    }

    /** {@code precisions_cholesky_}, in the layout of {@link #covarianceType()}. */
    public double[] precisionsCholesky() {
        return params.precisionsCholesky().clone();
    }

    /** Whether an EM run met the tolerance ({@code converged_}). */
    public boolean converged() {
        return converged;
    }

    /** EM iterations of the kept run ({@code n_iter_}). */
    public int nIter() {
        return nIter;
    }

    /** Mean log-likelihood per row at the last E-step of the kept run ({@code lower_bound_}). */
    public double lowerBound() {
        return lowerBound;
    }

    @Override
    public int[] predict(FloatMatrix x) {
        checkWidth(x);
        return argmax(density, x);
    }

    /** The component responsibilities of each row, {@code x.rows() x k} ({@code predict_proba}). */
    public FloatMatrix predictProba(FloatMatrix x) {
        checkWidth(x);
        FloatMatrix out = FloatMatrix.zeros(x.rows(), k);
        int blockRows = BlockPass.blockRows(d);
        BlockPass.run(x, blockRows, () -> new Object[] {density.scratch(blockRows), new double[blockRows * k],
            new float[blockRows * k]}, (st, block, from, rows) -> {
                double[] wlp = (double[]) st[1];
                float[] prob = (float[]) st[2];
                density.weightedLogProb(block, rows, wlp, (MixtureDensity.Scratch) st[0]);
                MixtureDensity.normalize(wlp, rows, k, null, 0);
                for (int i = 0; i < rows * k; i++) {
                    prob[i] = (float) Math.exp(wlp[i]);
                }
                for (int r = 0; r < rows; r++) {
                    out.setRow(from + r, prob, r * k);
                }
            });
        return out;
    }

    /** The log-likelihood of each row under the mixture ({@code score_samples}). */
    public double[] scoreSamples(FloatMatrix x) {
        checkWidth(x);
        double[] out = new double[x.rows()];
        int blockRows = BlockPass.blockRows(d);
        BlockPass.run(x, blockRows, () -> new Object[] {density.scratch(blockRows), new double[blockRows * k]},
                (st, block, from, rows) -> {
                    double[] wlp = (double[]) st[1];
                    density.weightedLogProb(block, rows, wlp, (MixtureDensity.Scratch) st[0]);
                    MixtureDensity.normalize(wlp, rows, k, out, from);
                });
        return out;
    }

    /** Mean log-likelihood per row ({@code score}). */
    public double score(FloatMatrix x) {
        double s = 0;
        for (double v : scoreSamples(x)) {
            s += v;
        }
        return s / x.rows();
    }

    /** Free parameters ({@code _n_parameters}). */
    public int nParameters() {
        return (int) (type.freeCovarianceParameters(k, d) + (double) d * k + k - 1);
    }

    /** Bayesian information criterion on {@code x}, lower is better ({@code bic}). */
    public double bic(FloatMatrix x) {
        return -2 * score(x) * x.rows() + nParameters() * Math.log(x.rows());
    }

    /** Akaike information criterion on {@code x}, lower is better ({@code aic}). */
    public double aic(FloatMatrix x) {
        return -2 * score(x) * x.rows() + 2 * nParameters();
    }

    static int[] argmax(MixtureDensity density, FloatMatrix x) {
        int k = density.k;
        int[] out = new int[x.rows()];
        int blockRows = BlockPass.blockRows(x.cols());
        BlockPass.run(x, blockRows, () -> new Object[] {density.scratch(blockRows), new double[blockRows * k]},
                (st, block, from, rows) -> {
                    double[] wlp = (double[]) st[1];
                    density.weightedLogProb(block, rows, wlp, (MixtureDensity.Scratch) st[0]);
                    for (int r = 0; r < rows; r++) {
                        int best = 0;
                        for (int c = 1; c < k; c++) {
                            if (wlp[r * k + c] > wlp[r * k + best]) {
                                best = c;
                            }
                        }
                        out[from + r] = best;
                    }
                });
        return out;
    }

    private void checkWidth(FloatMatrix x) {
        if (x.cols() != d) {
            throw new DescryException("x has " + x.cols() + " columns, the mixture was fitted on " + d);
        }
    }

    /** Saves to the model folder {@code dir}. */
    public void save(Path dir) throws IOException {
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("covariance_type", type.sklearnName());
        m.put("k", k);
        m.put("d", d);
        m.put("converged", converged);
        m.put("n_iter", nIter);
        m.put("lower_bound", lowerBound);
        java.nio.file.Files.createDirectories(dir);
        ModelStore.writeArray(dir, "weights", toFloat(params.weights(), 1, k));
        ModelStore.writeArray(dir, "means", toFloat(params.means(), k, d));
        int cols = type == CovarianceType.SPHERICAL ? k : d;
        int rows = type.parameterLength(k, d) / cols;
        ModelStore.writeArray(dir, "covariances", toFloat(params.covariances(), rows, cols));
        ModelStore.writeArray(dir, "precisions_cholesky", toFloat(params.precisionsCholesky(), rows, cols));
        org.descry.io.NumpyWriter.writeNpy(dir.resolve("labels.npy"), labels, 1, labels.length);
        ModelStore.writeManifest(dir, m);
    }

    /** Loads a model folder written by {@link #save}. */
    public static GaussianMixtureModel load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        CovarianceType type = CovarianceType.parse(m.path("covariance_type").asText());
        int k = m.path("k").asInt();
        int d = m.path("d").asInt();
        double[] weights = read(dir, "weights", k);
        double[] means = read(dir, "means", k * d);
        double[] cov = read(dir, "covariances", type.parameterLength(k, d));
        double[] chol = read(dir, "precisions_cholesky", type.parameterLength(k, d));
        double lowerBound = m.path("lower_bound").isNumber() ? m.path("lower_bound").asDouble()
                : Double.NEGATIVE_INFINITY;
        return new GaussianMixtureModel(type, k, d, new GaussianMixture.Params(weights, means, cov, chol),
                m.path("converged").asBoolean(), m.path("n_iter").asInt(), lowerBound, readLabels(dir),
                ModelStore.provenance(m));
    }

    private static int[] readLabels(Path dir) {
        org.descry.io.NumpyArray a = org.descry.io.NumpyReader.read(dir.resolve("labels.npy"));
        int[] out = new int[Math.toIntExact(a.size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) a.get(0, i);
        }
        return out;
    }

    private static FloatMatrix toFloat(double[] v, int rows, int cols) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return FloatMatrix.wrap(f, rows, cols);
    }

    private static double[] read(Path dir, String name, int length) throws IOException {
        float[] f = ModelStore.readArray(dir, name).toArray();
        if (f.length != length) {
            throw new DescryException(dir + ": " + name + ".npy holds " + f.length + " values, expected " + length);
        }
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return "GaussianMixtureModel[" + type.sklearnName() + ", k=" + k + ", d=" + d + ", converged=" + converged
                + ", n_iter=" + nIter + ", lower_bound=" + lowerBound + "]";
    }
}
