package org.descry.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A fitted {@link DescriptorMix}: each block's fitted preprocessing and multiplier. It mixes new rows of the same
 * descriptor sets exactly as the fit rows, and saves as a folder:
 * <pre>
 * DIR/model.json        kind "descriptor-mix": mix_version, names, input widths, multipliers
 * DIR/block-0/ ...      each block's fitted scaler, PCA and after-PCA scaler ({@link FittedPreprocessing#save})
 * </pre>
 * {@code mix_version} 1 (no key) has no after-PCA scaler; 2 may have one ({@code block-N/after/}). A folder of a
 * later version is refused.
 *
 * @param descriptors the descriptor set names, in block order
 * @param inputWidths each block's raw width
 * @param steps       each block's fitted preprocessing
 * @param multipliers each block's factor after preprocessing
 */
public record FittedMix(List<String> descriptors, int[] inputWidths, List<FittedPreprocessing> steps,
                        double[] multipliers) {

    public static final String KIND = "descriptor-mix";
    /** Version of the folder layout, in the manifest as {@code mix_version}. */
    public static final int MIX_VERSION = 2;

    public FittedMix {
        descriptors = List.copyOf(descriptors);
        steps = List.copyOf(steps);
        if (inputWidths.length != descriptors.size() || steps.size() != descriptors.size()
                || multipliers.length != descriptors.size()) {
            throw new IllegalArgumentException("one width, step and multiplier per descriptor set");
        }
        inputWidths = inputWidths.clone();
        multipliers = multipliers.clone();
    }

    @Override
    public int[] inputWidths() {
        return inputWidths.clone();
    }

    @Override
    public double[] multipliers() {
        return multipliers.clone();
    }

    /** Preprocesses, weights and concatenates new rows of the descriptor sets (in block order). */
    public FloatMatrix apply(List<FloatMatrix> raw) {
        if (raw.size() != descriptors.size()) {
            throw new DescryException("got " + raw.size() + " matrices for the " + descriptors.size()
                    + " descriptor sets " + descriptors);
        }
        List<FloatMatrix> reduced = new ArrayList<>();
        for (int b = 0; b < raw.size(); b++) {
            FloatMatrix x = raw.get(b);
            if (x.cols() != inputWidths[b]) {
                throw new DescryException("descriptor '" + descriptors.get(b) + "' rows have " + x.cols()
                        + " columns, the mix was fitted on " + inputWidths[b]);
            }
            reduced.add(steps.get(b).apply(x));
        }
        return concatenate(reduced);
    }

    /** Multiplies each preprocessed block by its factor and lays the blocks side by side. */
    FloatMatrix concatenate(List<FloatMatrix> reduced) {
        int n = reduced.get(0).rows();
        int width = 0;
        for (FloatMatrix m : reduced) {
            if (m.rows() != n) {
                throw new DescryException("descriptor blocks have " + m.rows() + " and " + n + " rows");
            }
            width += m.cols();
        }
        FloatMatrix out = FloatMatrix.zeros(n, width);
        float[] row = new float[width];
        float[][] src = new float[reduced.size()][];
        for (int b = 0; b < reduced.size(); b++) {
            src[b] = new float[reduced.get(b).cols()];
        }
        for (int i = 0; i < n; i++) {
            int at = 0;
            for (int b = 0; b < reduced.size(); b++) {
                int w = src[b].length;
                reduced.get(b).copyRow(i, src[b], 0);
                float m = (float) multipliers[b];
                for (int j = 0; j < w; j++) {
                    row[at + j] = src[b][j] * m;
                }
                at += w;
            }
            out.setRow(i, row, 0);
        }
        return out;
    }

    public void save(Path dir, Provenance provenance) throws IOException {
        for (int b = 0; b < steps.size(); b++) {
            steps.get(b).save(dir.resolve("block-" + b));
        }
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("mix_version", MIX_VERSION);
        ArrayNode blocks = m.putArray("blocks");
        for (int b = 0; b < descriptors.size(); b++) {
            blocks.addObject().put("descriptor", descriptors.get(b)).put("input_width", inputWidths[b])
                    .put("multiplier", multipliers[b]);
        }
        ModelStore.writeManifest(dir, m);
    }

    public static FittedMix load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        int version = m.path("mix_version").asInt(1);
        if (version > MIX_VERSION) {
            throw new DescryException(dir.resolve(ModelStore.MANIFEST) + ": descriptor mix version " + version
                    + " is newer than this Descry reads (" + MIX_VERSION + "); upgrade Descry");
        }
        List<String> names = new ArrayList<>();
        List<FittedPreprocessing> steps = new ArrayList<>();
        JsonNode blocks = m.path("blocks");
        int[] widths = new int[blocks.size()];
        double[] mult = new double[blocks.size()];
        for (int b = 0; b < blocks.size(); b++) {
            JsonNode node = blocks.get(b);
            names.add(node.path("descriptor").asText());
            widths[b] = node.path("input_width").asInt();
            mult[b] = node.path("multiplier").asDouble();
            steps.add(FittedPreprocessing.load(dir.resolve("block-" + b)));
        }
        if (names.isEmpty()) {
            throw new DescryException(dir.resolve("model.json") + ": a descriptor mix without blocks");
        }
        return new FittedMix(names, widths, steps, mult);
    }
}
