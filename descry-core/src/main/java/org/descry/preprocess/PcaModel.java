package org.descry.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.linalg.Kernels;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;
import org.descry.model.Transformer;

/**
 * A fitted {@link Pca}: scikit-learn's {@code components_} ({@code k x d}, float32 as scikit-learn keeps them for
 * float32 input), {@code mean_}, {@code explained_variance_}, {@code explained_variance_ratio_},
 * {@code singular_values_} and {@code noise_variance_} (double).
 *
 * <p>{@link #transform} is scikit-learn's: {@code (x - mean) · componentsᵀ}, divided by {@code sqrt(explained
 * variance)} when whitening, with the row difference rounded to float32 and the product in float32 as there.
 */
public final class PcaModel implements Transformer {

    private final float[] components;
    private final int k;
    private final int d;
    private final double[] mean;
    private final double[] explainedVariance;
    private final double[] explainedVarianceRatio;
    private final double[] singularValues;
    private final double noiseVariance;
    private final long samples;
    private final boolean whiten;
    private final Provenance provenance;
    private final FloatMatrix componentMatrix;

    PcaModel(float[] components, int k, double[] mean, double[] explainedVariance, double[] explainedVarianceRatio,
            double[] singularValues, double noiseVariance, long samples, boolean whiten, Provenance provenance) {
        this.k = k;
        this.d = mean.length;
        if (components.length != k * d || explainedVariance.length != k || explainedVarianceRatio.length != k
                || singularValues.length != k) {
            throw new IllegalArgumentException("inconsistent PCA parameter shapes");
        }
        this.components = components.clone();
        this.mean = mean.clone();
        this.explainedVariance = explainedVariance.clone();
        this.explainedVarianceRatio = explainedVarianceRatio.clone();
        this.singularValues = singularValues.clone();
        this.noiseVariance = noiseVariance;
        this.samples = samples;
        this.whiten = whiten;
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        this.componentMatrix = FloatMatrix.wrap(this.components, k, d);
    }

    @Override
    public int inputWidth() {
        return d;
    }

    @Override
    public int outputWidth() {
        return k;
    }

    /** The principal axes, {@code k x d}, one per row, by decreasing explained variance. */
    public FloatMatrix components() {
        return FloatMatrix.wrap(components.clone(), k, d);
    }

    public double[] mean() {
        return mean.clone();
    }

    /** Variance along each component, {@code S^2 / (n - 1)}. */
    public double[] explainedVariance() {
        return explainedVariance.clone();
    }

    public double[] explainedVarianceRatio() {
        return explainedVarianceRatio.clone();
    }

    public double[] singularValues() {
        return singularValues.clone();
    }

    /** Mean variance of the dropped directions (probabilistic PCA, Tipping and Bishop 1999), 0 when none dropped. */
    public double noiseVariance() {
        return noiseVariance;
    }

    /** Rows the model was fitted on. */
    public long samples() {
        return samples;
    }

    public boolean whiten() {
        return whiten;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public FloatMatrix transform(FloatMatrix x) {
        checkWidth(x, d, "x");
        FloatMatrix out = FloatMatrix.zeros(x.rows(), k);
        project(x, out, null, Kernels.best());
        return out;
    }

    /**
     * Projects the rows of {@code x} into {@code out} (when not null), block by block, and records in
     * {@code maxAbs} (when not null, length {@code 2k}) each output column's first entry of largest magnitude and
     * its value, for the sign decision.
     */
    void project(FloatMatrix x, FloatMatrix out, double[] maxAbs, Kernels kernels) {
        int n = x.rows();
        int block = Math.max(1, Math.min(n, (1 << 23) / Math.max(1, d)));
        float[] buf = new float[block * d];
        float[] tile = new float[block * k];
        double[] scale = whitening();
        for (int r0 = 0; r0 < n; r0 += block) {
            int r1 = Math.min(n, r0 + block);
            int rows = r1 - r0;
            x.copyRows(r0, r1, buf, 0);
            for (int r = 0; r < rows; r++) {
                int o = r * d;
                for (int j = 0; j < d; j++) {
                    buf[o + j] = (float) (buf[o + j] - mean[j]);
                }
            }
            kernels.multiplyTransposed(FloatMatrix.wrap(buf, block, d), 0, rows, componentMatrix, 0, k, tile);
            if (scale != null) {
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < k; c++) {
                        tile[r * k + c] = (float) (tile[r * k + c] / scale[c]);
                    }
                }
            }
            if (maxAbs != null) {
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < k; c++) {
                        float v = tile[r * k + c];
                        if (Math.abs(v) > maxAbs[c]) {
                            maxAbs[c] = Math.abs(v);
                            maxAbs[k + c] = v;
                        }
                    }
                }
            }
            if (out != null) {
                java.lang.foreign.MemorySegment.copy(tile, 0, out.segment(), FloatMatrix.LAYOUT, 4L * r0 * k,
                        rows * k);
            }
        }
    }

    private double[] whitening() {
        if (!whiten) {
            return null;
        }
        double[] s = new double[k];
        for (int c = 0; c < k; c++) {
            s[c] = Math.sqrt(explainedVariance[c]);
        }
        return s;
    }

    /**
     * Maps projections back to the input space: {@code y · components + mean} (with the components scaled by
     * {@code sqrt(explained variance)} when whitening), as scikit-learn's {@code inverse_transform}.
     */
    public FloatMatrix inverseTransform(FloatMatrix y) {
        checkWidth(y, k, "y");
        float[] basisT = new float[d * k];
        double[] scale = whitening();
        for (int c = 0; c < k; c++) {
            double s = scale == null ? 1 : scale[c];
            for (int j = 0; j < d; j++) {
                basisT[j * k + c] = (float) (components[c * d + j] * s);
            }
        }
        FloatMatrix out = Kernels.best().multiplyTransposed(y, FloatMatrix.wrap(basisT, d, k));
        Blocks.parallel(out.rows(), d, (from, to, buf) -> {
            out.copyRows(from, to, buf, 0);
            for (int r = 0; r < to - from; r++) {
                for (int j = 0; j < d; j++) {
                    buf[r * d + j] = (float) (buf[r * d + j] + mean[j]);
                }
            }
            java.lang.foreign.MemorySegment.copy(buf, 0, out.segment(), FloatMatrix.LAYOUT, 4L * from * d,
                    (to - from) * d);
        });
        return out;
    }

    private static void checkWidth(FloatMatrix m, int width, String name) {
        if (m.cols() != width) {
            throw new DescryException(name + " has " + m.cols() + " columns, the PCA expects " + width);
        }
    }

    /** Saves as a folder: {@code components.npy} (float32, k x d) and the rest in {@code model.json}. */
    public void save(Path dir) throws IOException {
        ObjectNode m = ModelStore.manifest(Pca.KIND, provenance);
        m.put("n_components", k);
        m.put("n_features", d);
        m.put("n_samples", samples);
        m.put("whiten", whiten);
        m.put("noise_variance", noiseVariance);
        m.set("mean", ColumnScaling.array(mean));
        m.set("explained_variance", ColumnScaling.array(explainedVariance));
        m.set("explained_variance_ratio", ColumnScaling.array(explainedVarianceRatio));
        m.set("singular_values", ColumnScaling.array(singularValues));
        ModelStore.writeArray(dir, "components", componentMatrix);
        ModelStore.writeManifest(dir, m);
    }

    public static PcaModel load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, Pca.KIND);
        int k = m.path("n_components").asInt(-1);
        int d = m.path("n_features").asInt(-1);
        FloatMatrix comps = ModelStore.readArray(dir, "components");
        if (comps.rows() != k || comps.cols() != d) {
            throw new DescryException(dir + ": components.npy is " + comps.rows() + " x " + comps.cols()
                    + ", model.json says " + k + " x " + d);
        }
        return new PcaModel(comps.toArray(), k, ColumnScaling.vector(dir, m.get("mean"), d),
                ColumnScaling.vector(dir, m.get("explained_variance"), k),
                ColumnScaling.vector(dir, m.get("explained_variance_ratio"), k),
                ColumnScaling.vector(dir, m.get("singular_values"), k), m.path("noise_variance").asDouble(),
                m.path("n_samples").asLong(), m.path("whiten").asBoolean(), ModelStore.provenance(m));
    }
}
