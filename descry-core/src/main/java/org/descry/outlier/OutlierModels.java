package org.descry.outlier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * Loading a saved {@link OutlierModel} of any kind, and the parts every outlier model folder shares.
 *
 * <p>A folder ({@link ModelStore}) holds {@code model.json} with the {@code kind} below, {@code contamination}
 * and {@code threshold}, and {@code scores.npy}, the training scores in float64 (a loaded model's
 * {@link OutlierModel#scores()}, {@link OutlierModel#threshold()} and rank-ensemble ranks are then exactly the
 * fitted ones). Each model adds its own arrays; models built on another model (a clustering, LOF per k, the
 * members of an ensemble) save it in a subfolder. A model takes rows preprocessed as its training rows were:
 * scaling, PCA and the choice of descriptor set stay with the caller.
 */
public final class OutlierModels {

    static final String SCORES = "scores";

    private OutlierModels() {}

    /** Loads any saved outlier model, by the {@code kind} of its manifest. */
    public static OutlierModel load(Path dir) throws IOException {
        String kind = ModelStore.kind(dir);
        return switch (kind) {
            case LofModel.KIND -> LofModel.load(dir);
            case LofRange.Model.KIND -> LofRange.Model.load(dir);
            case KnnDistanceModel.KIND -> KnnDistanceModel.load(dir);
            case DenseGroup.Model.KIND -> DenseGroup.Model.load(dir);
            case IsolationForestModel.KIND -> IsolationForestModel.load(dir);
            case GmmOutliers.Model.KIND -> GmmOutliers.Model.load(dir);
            case CentroidDistanceModel.KIND -> CentroidDistanceModel.load(dir);
            case CblofModel.KIND -> CblofModel.load(dir);
            case HdbscanOutliers.Model.KIND -> HdbscanOutliers.Model.load(dir);
            case RankEnsemble.Model.KIND -> RankEnsemble.Model.load(dir);
            default -> throw new DescryException(dir + ": holds a '" + kind + "' model, not an outlier model");
        };
    }

    /** Writes the shared part (training scores) and returns a manifest with contamination and threshold. */
    static ObjectNode begin(Path dir, String kind, OutlierModel m, double[] trainingScores) throws IOException {
        Files.createDirectories(dir);
        writeDoubles(dir, SCORES, trainingScores);
        ObjectNode manifest = ModelStore.manifest(kind, m.provenance());
        manifest.put("contamination", m.contamination());
        manifest.put("threshold", m.threshold());
        return manifest;
    }

    /** The shared part of a saved model: manifest, provenance, training scores, contamination and threshold. */
    record Common(JsonNode manifest, Provenance provenance, double[] scores, double contamination,
                  double threshold) {

        static Common read(Path dir, String kind) throws IOException {
            JsonNode m = ModelStore.readManifest(dir, kind);
            if (!m.path("threshold").isNumber() || !m.path("contamination").isNumber()) {
                throw new DescryException(dir + ": " + ModelStore.MANIFEST + " needs a numeric contamination and "
                        + "threshold");
            }
            double contamination = m.path("contamination").asDouble();
            try {
                Contamination.check(contamination);
            } catch (IllegalArgumentException e) {
                throw new DescryException(dir + ": " + e.getMessage());
            }
            return new Common(m, ModelStore.provenance(m), readDoubles(dir, SCORES), contamination,
                    m.path("threshold").asDouble());
        }

        int integer(Path dir, String name) {
            JsonNode v = manifest.get(name);
            if (v == null || !v.canConvertToInt()) {
                throw new DescryException(dir + ": " + ModelStore.MANIFEST + " has no integer '" + name + "'");
            }
            return v.asInt();
        }
    }

    /** Writes a float64 vector as {@code dir/name.npy} (1 x n). */
    public static void writeDoubles(Path dir, String name, double[] v) throws IOException {
        NumpyWriter.writeNpy(dir.resolve(name + ".npy"), v, 1, v.length);
    }

    /** Writes an int32 vector as {@code dir/name.npy} (1 x n). */
    static void writeInts(Path dir, String name, int[] v) throws IOException {
        NumpyWriter.writeNpy(dir.resolve(name + ".npy"), v, 1, v.length);
    }

    public static double[] readDoubles(Path dir, String name) {
        NumpyArray a = open(dir, name);
        double[] out = new double[(int) a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(0, i);
        }
        return out;
    }

    static int[] readInts(Path dir, String name) {
        NumpyArray a = open(dir, name);
        int[] out = new int[(int) a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) a.get(0, i);
        }
        return out;
    }

    private static NumpyArray open(Path dir, String name) {
        Path f = dir.resolve(name + ".npy");
        if (!Files.isRegularFile(f)) {
            throw new DescryException(dir + ": model file " + f.getFileName() + " is missing");
        }
        return NumpyReader.read(f);
    }
}
