package org.descry.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;

/** Reads the scikit-learn reference values under {@code src/test/resources/sklearn/preprocess}. */
final class Fixtures {

    private Fixtures() {}

    static Path dir(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/sklearn/preprocess/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static FloatMatrix x(String name) {
        return NumpyReader.read(dir(name).resolve("x.npy")).toFloatMatrix().copy();
    }

    /** A reference array (float64, 2-D) as a flat row-major double array. */
    static double[] array(String name, String key) {
        NumpyArray a = NumpyReader.read(dir(name).resolve(key + ".npy"));
        int rows = a.rows();
        int cols = a.cols();
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = a.get(r, c);
            }
        }
        return out;
    }

    static int[] shape(String name, String key) {
        NumpyArray a = NumpyReader.read(dir(name).resolve(key + ".npy"));
        return new int[] {a.rows(), a.cols()};
    }

    static JsonNode values(String name) throws IOException {
        return new ObjectMapper().readTree(Files.readString(dir(name).resolve("values.json")));
    }

    static double[] toDouble(FloatMatrix m) {
        float[] f = m.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Every {@code |a - b| <= rel |b| + abs}; the message names the first element that fails. */
    static void close(double[] expected, double[] actual, double rel, double abs, String what, int cols) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            double tol = rel * Math.abs(expected[i]) + abs;
            if (!(err <= tol)) {
                int idx = i;
                throw new AssertionError(what + ": at [" + idx / cols + ", " + idx % cols + "] expected "
                        + expected[idx] + ", got " + actual[idx] + " (tolerance " + tol + ")");
            }
        }
    }
}
