package org.descry.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.io.AtomicWrite;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;

/**
 * The on-disk form of a fitted model: a folder with {@code model.json} (format version, kind, provenance and
 * the model's scalar parameters) and one {@code .npy} file per array parameter, which numpy reads as well.
 * Every file is written atomically; {@code model.json} last, so a folder with it is complete.
 *
 * <p>A model folder from a newer format version than this build knows is refused with a clear error.
 */
public final class ModelStore {

    /** The format version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST = "model.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ModelStore() {}

    public static ObjectMapper json() {
        return JSON;
    }

    /** Starts a manifest for a model of {@code kind}. */
    public static ObjectNode manifest(String kind, Provenance provenance) {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", "descry-model");
        m.put("format_version", FORMAT_VERSION);
        m.put("kind", kind);
        m.set("provenance", JSON.valueToTree(provenance));
        return m;
    }

    /** Writes an array parameter as {@code dir/name.npy}. */
    public static void writeArray(Path dir, String name, FloatMatrix values) throws IOException {
        NumpyWriter.writeNpy(dir.resolve(name + ".npy"), values);
    }

    /** Writes a double vector parameter as a 1 x n float32 {@code .npy} when float precision suffices. */
    public static void writeArray(Path dir, String name, float[] values) throws IOException {
        writeArray(dir, name, FloatMatrix.wrap(values.clone(), 1, values.length));
    }

    /** Writes the manifest last, completing the folder. */
    public static void writeManifest(Path dir, ObjectNode manifest) throws IOException {
        Files.createDirectories(dir);
        AtomicWrite.writeString(dir.resolve(MANIFEST), JSON.writeValueAsString(manifest));
    }

    /** Reads and checks the manifest of a model folder; {@code kind} must match. */
    public static JsonNode readManifest(Path dir, String kind) throws IOException {
        Path f = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(f)) {
            throw new DescryException(dir + ": not a saved model (no " + MANIFEST + ")");
        }
        JsonNode m;
        try {
            m = JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new DescryException(f + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!"descry-model".equals(m.path("format").asText())) {
            throw new DescryException(f + ": not a Descry model manifest");
        }
        int v = m.path("format_version").asInt(-1);
        if (v < 1 || v > FORMAT_VERSION) {
            throw new DescryException(f + ": model format version " + v + " is newer than this Descry reads ("
                    + FORMAT_VERSION + "); upgrade Descry");
        }
        if (!kind.equals(m.path("kind").asText())) {
            throw new DescryException(f + ": holds a '" + m.path("kind").asText() + "' model, expected '" + kind + "'");
        }
        return m;
    }

    /** The kind a model folder holds, after checking its format version. */
    public static String kind(Path dir) throws IOException {
        Path f = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(f)) {
            throw new DescryException(dir + ": not a saved model (no " + MANIFEST + ")");
        }
        String kind;
        try {
            kind = JSON.readTree(f.toFile()).path("kind").asText();
        } catch (IOException e) {
            throw new DescryException(f + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        readManifest(dir, kind);
        return kind;
    }

    /** Reads the provenance of a manifest. */
    public static Provenance provenance(JsonNode manifest) throws IOException {
        return JSON.treeToValue(manifest.get("provenance"), Provenance.class);
    }

    /** Reads array parameter {@code name} as a float32 matrix (a heap copy, so the file may be replaced). */
    public static FloatMatrix readArray(Path dir, String name) throws IOException {
        Path f = dir.resolve(name + ".npy");
        if (!Files.isRegularFile(f)) {
            throw new DescryException(dir + ": model file " + f.getFileName() + " is missing");
        }
        NumpyArray a = NumpyReader.read(f);
        return a.toFloatMatrix().copy();
    }

    /** Reads a 1 x n array parameter as a {@code float[]}. */
    public static float[] readVector(Path dir, String name) throws IOException {
        return readArray(dir, name).toArray();
    }
}
