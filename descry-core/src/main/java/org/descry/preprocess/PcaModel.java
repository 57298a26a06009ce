package org.descry.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.RowSubset;
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
 *
 * <p>A model fitted by {@link Pca#fit(FloatMatrix, ColumnScaling, org.descry.data.Progress)} also carries the
 * column-affine {@link #scaling()} it was fitted after, and then takes <em>raw</em> rows: with {@code D} the diagonal
 * of the scaling's multipliers, the scaled row minus the scaled mean is {@code (x - inputMean) D}, so the projection
 * is {@code (x - inputMean) · (components D)ᵀ}, one pass over the raw rows with no scaled copy. Its attributes
 * ({@code components}, {@code mean}, variances) stay those of the scaled data, as scikit-learn's {@code PCA} after the
 * scaler in a {@code Pipeline}; results equal scale-then-PCA up to float32 rounding (scikit-learn rounds the scaled
 * rows to float32 once more).
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
    private final ColumnScaling scaling;
    private final double[] inputMean;
    private final FloatMatrix projection;

    PcaModel(float[] components, int k, double[] mean, double[] explainedVariance, double[] explainedVarianceRatio,
            double[] singularValues, double noiseVariance, long samples, boolean whiten, Provenance provenance) {
        this(components, k, mean, explainedVariance, explainedVarianceRatio, singularValues, noiseVariance, samples,
                whiten, provenance, null, null);
    }

    /**
     * @param scaling   the column-affine scaling the PCA was fitted after (raw rows in), or null (scaled rows in)
     * @param inputMean with a scaling, the column means of the raw fit rows; else ignored
     */
    PcaModel(float[] components, int k, double[] mean, double[] explainedVariance, double[] explainedVarianceRatio,
            double[] singularValues, double noiseVariance, long samples, boolean whiten, Provenance provenance,
            ColumnScaling scaling, double[] inputMean) {
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
        this.scaling = scaling;
        if (scaling == null) {
            this.inputMean = this.mean;
            this.projection = componentMatrix;
        } else {
            if (scaling.inputWidth() != d || inputMean == null || inputMean.length != d) {
                throw new IllegalArgumentException("the scaling and input mean must have " + d + " columns");
            }
            this.inputMean = inputMean.clone();
            double[] multiplier = scaling.multiplier();
            float[] p = new float[k * d];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    p[c * d + j] = (float) (this.components[c * d + j] * multiplier[j]);
                }
            }
            this.projection = FloatMatrix.wrap(p, k, d);
        }
    }

    /** The same model with every component's sign flipped where {@code flip} says so. */
    PcaModel flipped(boolean[] flip) {
        float[] c = components.clone();
        for (int i = 0; i < k; i++) {
            if (flip[i]) {
                for (int j = 0; j < d; j++) {
                    c[i * d + j] = -c[i * d + j];
                }
            }
        }
        return new PcaModel(c, k, mean, explainedVariance, explainedVarianceRatio, singularValues, noiseVariance,
                samples, whiten, provenance, scaling, inputMean);
    }

    /**
     * The scaling fitted before the PCA, which {@link #transform} applies to raw rows; null when it takes scaled
     * rows.
     */
    public ColumnScaling scaling() {
        return scaling;
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

    /** Column means of the (scaled, when there is a {@link #scaling()}) fit rows: scikit-learn's {@code mean_}. */
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

    /** Projects rows: scaled rows, or raw rows when the model carries a {@link #scaling()}. */
    @Override
    public FloatMatrix transform(FloatMatrix x) {
        checkWidth(x, d, "x");
        FloatMatrix out = FloatMatrix.zeros(x.rows(), k);
        project(RowSubset.all(x), out, null, Kernels.best());
        return out;
    }

    /**
     * Projects the rows of {@code x} into {@code out} (when not null) and records in {@code maxAbs} (when not null,
     * length {@code 2k}) each output column's first entry of largest magnitude and its value, for the sign decision.
     * Each worker copies, centers and multiplies its own blocks with a one-thread kernel, so the centering runs in
     * parallel too and there is no barrier per block; block maxima are merged in block order.
     */
    void project(RowSubset x, FloatMatrix out, double[] maxAbs, Kernels kernels) {
        int n = x.rows();
        int br = Math.max(1, Math.min(n, (1 << 22) / Math.max(1, d)));
        int blocks = (n + br - 1) / br;
        double[] blockMax = maxAbs == null ? null : new double[blocks * 2 * k];
        double[] scale = whitening();
        Kernels one = kernels.withThreads(1);
        int workers = Math.max(1, Math.min(blocks, kernels.threads()));
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.stream.IntStream.range(0, workers).parallel().forEach(w -> {
            float[] buf = new float[br * d];
            float[] tile = new float[br * k];
            for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                int from = b * br;
                int to = Math.min(n, from + br);
                projectBlock(x, from, to, buf, tile, one, scale, out, blockMax == null ? -1 : b * 2 * k, blockMax);
            }
        });
        if (maxAbs != null) {
            for (int b = 0; b < blocks; b++) {
                for (int c = 0; c < k; c++) {
                    if (blockMax[b * 2 * k + c] > maxAbs[c]) {
                        maxAbs[c] = blockMax[b * 2 * k + c];
                        maxAbs[k + c] = blockMax[b * 2 * k + k + c];
                    }
                }
            }
        }
    }

    /** Centers, projects (and whitens) rows {@code [from, to)}; their maxima go to {@code blockMax[m ..]}. */
    private void projectBlock(RowSubset x, int from, int to, float[] buf, float[] tile, Kernels one, double[] scale,
            FloatMatrix out, int m, double[] blockMax) {
        int rows = to - from;
        x.copyRows(from, to, buf, 0);
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            for (int j = 0; j < d; j++) {
                buf[o + j] = (float) (buf[o + j] - inputMean[j]);
            }
        }
        one.multiplyTransposed(FloatMatrix.wrap(buf, buf.length / d, d), 0, rows, projection, 0, k, tile);
        if (scale != null) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < k; c++) {
                    tile[r * k + c] = (float) (tile[r * k + c] / scale[c]);
                }
            }
        }
        if (blockMax != null) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < k; c++) {
                    float v = tile[r * k + c];
                    if (Math.abs(v) > blockMax[m + c]) {
                        blockMax[m + c] = Math.abs(v);
                        blockMax[m + k + c] = v;
                    }
                }
            }
        }
        if (out != null) {
            java.lang.foreign.MemorySegment.copy(tile, 0, out.segment(), FloatMatrix.LAYOUT, 4L * from * k,
                    rows * k);
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
     * {@code sqrt(explained variance)} when whitening), as scikit-learn's {@code inverse_transform}; with a
     * {@link #scaling()}, the scaling is then undone ({@code (v - shift) / multiplier + center}), so rows come back
     * raw as {@link #transform} takes them.
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
        double[] undo = null;
        if (scaling != null) {
            undo = new double[3 * d];
            System.arraycopy(scaling.center(), 0, undo, 0, d);
            System.arraycopy(scaling.multiplier(), 0, undo, d, d);
            System.arraycopy(scaling.shift(), 0, undo, 2 * d, d);
        }
        double[] u = undo;
        Blocks.parallel(out.rows(), d, (from, to, buf) -> {
            out.copyRows(from, to, buf, 0);
            for (int r = 0; r < to - from; r++) {
                for (int j = 0; j < d; j++) {
                    double v = buf[r * d + j] + mean[j];
                    buf[r * d + j] = (float) (u == null ? v : (v - u[2 * d + j]) / u[d + j] + u[j]);
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

    /**
     * Saves as a folder: {@code components.npy} (float32, k x d) and the rest in {@code model.json}; with a
     * {@link #scaling()}, that scaling in {@code scaling/} and the raw column means as {@code input_mean}.
     */
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
        if (scaling != null) {
            m.set("input_mean", ColumnScaling.array(inputMean));
            scaling.save(dir.resolve(SCALING_DIR));
        }
        ModelStore.writeArray(dir, "components", componentMatrix);
        ModelStore.writeManifest(dir, m);
    }

    private static final String SCALING_DIR = "scaling";

    public static PcaModel load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, Pca.KIND);
        int k = m.path("n_components").asInt(-1);
        int d = m.path("n_features").asInt(-1);
        FloatMatrix comps = ModelStore.readArray(dir, "components");
        ColumnScaling scaling = m.has("input_mean") ? ColumnScaling.load(dir.resolve(SCALING_DIR)) : null;
        if (comps.rows() != k || comps.cols() != d) {
            throw new DescryException(dir + ": components.npy is " + comps.rows() + " x " + comps.cols()
                    + ", model.json says " + k + " x " + d);
        }
        return new PcaModel(comps.toArray(), k, ColumnScaling.vector(dir, m.get("mean"), d),
                ColumnScaling.vector(dir, m.get("explained_variance"), k),
                ColumnScaling.vector(dir, m.get("explained_variance_ratio"), k),
                ColumnScaling.vector(dir, m.get("singular_values"), k), m.path("noise_variance").asDouble(),
                m.path("n_samples").asLong(), m.path("whiten").asBoolean(), ModelStore.provenance(m),
                scaling, scaling == null ? null : ColumnScaling.vector(dir, m.get("input_mean"), d));
    }
}
