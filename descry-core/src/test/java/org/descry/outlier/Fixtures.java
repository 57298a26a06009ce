package org.descry.outlier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;

/** The scikit-learn 1.2.1 values under {@code src/test/resources/sklearn/outlier} (see make_fixtures.py). */
public final class Fixtures {

    private Fixtures() {}

    public static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/sklearn/outlier/expected.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(dir().resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FloatMatrix matrix(String name) {
        return NumpyReader.read(dir().resolve(name + ".npy")).toFloatMatrix().copy();
    }

    public static double[] vector(String name) {
        NumpyArray a = NumpyReader.read(dir().resolve(name + ".npy"));
        double[] out = new double[(int) a.size()];
        java.nio.ByteBuffer b = a.rawBytes().asByteBuffer().order(a.byteOrder());
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (a.dtype()) {
                case INT32 -> b.getInt(4 * i);
                case INT64 -> b.getLong(8 * i);
                case FLOAT32 -> b.getFloat(4 * i);
                case FLOAT64 -> b.getDouble(8 * i);
                default -> throw new IllegalStateException(name + ": " + a.dtype());
            };
        }
        return out;
    }

    public static boolean[] truth(String name) {
        double[] v = vector(name);
        boolean[] out = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] != 0;
        }
        return out;
    }
}
