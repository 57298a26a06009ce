package org.descry.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A fitted per-column affine scaler, {@code y = (x - center) * multiplier + shift}, evaluated in double and rounded
 * once to float32. It is what {@link StandardScaler}, {@link MinMaxScaler} and {@link RobustScaler} fit (and the
 * identity for {@link Scaler#NONE}).
 *
 * <p>scikit-learn computes {@code X -= mean_; X /= scale_} on float32 with two roundings; here the one double
 * expression is rounded once, so outputs agree to about one float32 ulp. The parameters are double and saved
 * exactly (as JSON numbers in {@code model.json}, which round-trip doubles), together with the scaler's
 * scikit-learn-named attributes ({@code mean}, {@code var}, {@code scale}, {@code data_min} ...).
 *
 * <p>Optionally the result is clipped to {@code [low, high]} (scikit-learn's {@code MinMaxScaler(clip=True)}, which
 * clips to {@code feature_range}), saved as {@code clip} in {@code model.json}; a model saved without it does not
 * clip. A clipping scaling is not affine, so a PCA cannot fold it in ({@link #clips()}).
 */
public final class ColumnScaling implements ScalerModel {

    private final String kind;
    private final double[] center;
    private final double[] multiplier;
    private final double[] shift;
    private final Map<String, double[]> attributes;
    private final Provenance provenance;
    private final double clipLow;
    private final double clipHigh;

    /**
     * @param kind       the scaler's name ({@code standard}, {@code minmax}, {@code robust}, {@code none})
     * @param attributes named per-column statistics for reporting (copied)
     */
    public ColumnScaling(String kind, double[] center, double[] multiplier, double[] shift,
            Map<String, double[]> attributes, Provenance provenance) {
        this(kind, center, multiplier, shift, attributes, provenance, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY);
    }

    private ColumnScaling(String kind, double[] center, double[] multiplier, double[] shift,
            Map<String, double[]> attributes, Provenance provenance, double clipLow, double clipHigh) {
        if (!(clipLow < clipHigh)) {
            throw new IllegalArgumentException("clip range must have low < high, got [" + clipLow + ", " + clipHigh
                    + "]");
        }
        this.clipLow = clipLow;
        this.clipHigh = clipHigh;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.center = center.clone();
        this.multiplier = multiplier.clone();
        this.shift = shift.clone();
        if (multiplier.length != center.length || shift.length != center.length) {
            throw new IllegalArgumentException("center, multiplier and shift must have one value per column");
        }
        Map<String, double[]> a = new LinkedHashMap<>();
        attributes.forEach((k, v) -> a.put(k, v.clone()));
        this.attributes = a;
        this.provenance = Objects.requireNonNull(provenance, "provenance");
    }

    /** This scaling with its results clipped to {@code [low, high]}. */
    public ColumnScaling withClip(double low, double high) {
        return new ColumnScaling(kind, center, multiplier, shift, attributes, provenance, low, high);
    }

    /** Whether results are clipped, which makes the scaling not affine. */
    public boolean clips() {
        return clipLow != Double.NEGATIVE_INFINITY || clipHigh != Double.POSITIVE_INFINITY;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public int inputWidth() {
        return center.length;
    }

    /** The value subtracted from each column. */
    public double[] center() {
        return center.clone();
    }

    /** The factor each centered column is multiplied by (1 / scikit-learn's {@code scale_} for most scalers). */
    public double[] multiplier() {
        return multiplier.clone();
    }

    /** The value added after scaling (the low end of {@code feature_range} for min-max, else 0). */
    public double[] shift() {
        return shift.clone();
    }

    /** A named statistic ({@code mean}, {@code var}, {@code scale}, {@code data_min}, ...), or null. */
    public double[] attribute(String name) {
        double[] v = attributes.get(name);
        return v == null ? null : v.clone();
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void transformRows(float[] block, int offset, int rows) {
        int d = center.length;
        double[] c = center;
        double[] m = multiplier;
        double[] s = shift;
        for (int r = 0; r < rows; r++) {
            int o = offset + r * d;
            for (int j = 0; j < d; j++) {
                block[o + j] = (float) ((block[o + j] - c[j]) * m[j] + s[j]);
            }
        }
        if (clips()) {
            float low = (float) clipLow;
            float high = (float) clipHigh;
            for (int i = offset; i < offset + rows * d; i++) {
                block[i] = Math.min(Math.max(block[i], low), high);
            }
        }
    }

    @Override
    public void save(Path dir) throws IOException {
        ObjectNode m = ModelStore.manifest(kind, provenance);
        m.put("width", center.length);
        m.set("center", array(center));
        m.set("multiplier", array(multiplier));
        m.set("shift", array(shift));
        if (clips()) {
            m.set("clip", array(new double[] {clipLow, clipHigh}));
        }
        ObjectNode attrs = m.putObject("attributes");
        attributes.forEach((k, v) -> attrs.set(k, array(v)));
        ModelStore.writeManifest(dir, m);
    }

    /** Loads a scaler saved by {@link #save}. */
    public static ColumnScaling load(Path dir) throws IOException {
        JsonNode raw = ModelStore.json().readTree(dir.resolve(ModelStore.MANIFEST).toFile());
        String kind = raw.path("kind").asText();
        JsonNode m = ModelStore.readManifest(dir, kind);
        int d = m.path("width").asInt(-1);
        Map<String, double[]> attrs = new LinkedHashMap<>();
        m.path("attributes").fields().forEachRemaining(e -> attrs.put(e.getKey(), vector(dir, e.getValue(), -1)));
        ColumnScaling c = new ColumnScaling(kind, vector(dir, m.get("center"), d), vector(dir, m.get("multiplier"), d),
                vector(dir, m.get("shift"), d), attrs, ModelStore.provenance(m));
        if (m.has("clip")) {
            double[] clip = vector(dir, m.get("clip"), 2);
            c = c.withClip(clip[0], clip[1]);
        }
        return c;
    }

    static ArrayNode array(double[] v) {
        ArrayNode a = ModelStore.json().createArrayNode();
        for (double x : v) {
            a.add(x);
        }
        return a;
    }

    static double[] vector(Path dir, JsonNode a, int length) {
        if (a == null || !a.isArray() || (length >= 0 && a.size() != length)) {
            throw new DescryException(dir.resolve(ModelStore.MANIFEST) + ": a parameter vector is missing or has the "
                    + "wrong length");
        }
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }
}
