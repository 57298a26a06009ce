package org.descry.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * Scales each row to unit Euclidean norm, as scikit-learn's {@code Normalizer(norm='l2')}: stateless (fitting only
 * records the width), and a row whose norm is below {@code 10 * eps(float32)} is left as it is, as scikit-learn's
 * {@code _handle_zeros_in_scale} does (so zero rows stay zero). The norm is summed in double where scikit-learn's
 * {@code row_norms} sums float32, so results agree to about a float32 ulp.
 */
public final class L2Normalizer implements ScalerModel {

    public static final String KIND = "l2";
    private static final double TINY = 10 * Math.ulp(1f);

    private final int width;
    private final Provenance provenance;

    private L2Normalizer(int width, Provenance provenance) {
        this.width = width;
        this.provenance = Objects.requireNonNull(provenance, "provenance");
    }

    /** A normalizer for rows of {@code width} values. */
    public static L2Normalizer forWidth(int width) {
        if (width < 1) {
            throw new DescryException("width must be >= 1, got " + width);
        }
        return new L2Normalizer(width, Provenance.of(KIND, Map.of(), 0, "width " + width));
    }

    /** Takes the width of {@code x}; nothing else is learnt. */
    public static L2Normalizer fit(FloatMatrix x) {
        return forWidth(x.cols());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int inputWidth() {
        return width;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void transformRows(float[] block, int offset, int rows) {
        for (int r = 0; r < rows; r++) {
            int o = offset + r * width;
            double s = 0;
            for (int j = 0; j < width; j++) {
                s += (double) block[o + j] * block[o + j];
            }
            double norm = Math.sqrt(s);
            if (!Double.isFinite(norm)) {
                throw new DescryException("x has a non-finite value in a row being normalized; drop or fill such rows "
                        + "first");
            }
            if (norm < TINY) {
                continue;
            }
            double inv = 1 / norm;
            for (int j = 0; j < width; j++) {
                block[o + j] = (float) (block[o + j] * inv);
            }
        }
    }

    @Override
    public void save(Path dir) throws IOException {
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("width", width);
        ModelStore.writeManifest(dir, m);
    }

    public static L2Normalizer load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        return new L2Normalizer(m.path("width").asInt(), ModelStore.provenance(m));
    }
}
