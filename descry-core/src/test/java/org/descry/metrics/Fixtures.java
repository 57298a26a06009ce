package org.descry.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;

/** The scikit-learn reference files of {@code src/test/resources/sklearn/metrics} (see make_fixtures.py there). */
final class Fixtures {

    static final double REL = 1e-5;

    private static JsonNode expected;

    private Fixtures() {}

    static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/sklearn/metrics/expected.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized JsonNode expected() {
        if (expected == null) {
            try {
                expected = new ObjectMapper().readTree(dir().resolve("expected.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return expected;
    }

    static FloatMatrix matrix(String file) {
        return NumpyReader.readMatrix(dir().resolve(file));
    }

    static int[] ints(String file) {
        return ints(dir().resolve(file));
    }

    static int[] ints(Path file) {
        NumpyArray a = NumpyReader.read(file);
        int[] out = new int[a.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) a.get(i, 0);
        }
        return out;
    }

    static int[] intList(JsonNode n) {
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    /** Within {@link #REL} relative, or {@code abs} absolute for values near zero. */
    static void close(double expected, double actual, double abs, String what) {
        double tol = Math.max(REL * Math.abs(expected), abs);
        if (!(Math.abs(expected - actual) <= tol)) {
            assertEquals(expected, actual, tol, what);
        }
    }

    static void close(double expected, double actual, String what) {
        close(expected, actual, 0.0, what);
    }
}
