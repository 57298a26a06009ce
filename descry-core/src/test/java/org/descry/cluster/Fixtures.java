package org.descry.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;

/** The scikit-learn reference values under {@code src/test/resources/sklearn/cluster} (see make_fixtures.py). */
final class Fixtures {

    private Fixtures() {}

    static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/sklearn/cluster/fixtures.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/sklearn/cluster/fixtures.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode caseOf(String name) {
        return json().get("cases").get(name);
    }

    static FloatMatrix matrix(String file) {
        return NumpyReader.read(dir().resolve(file + ".npy")).toFloatMatrix().copy();
    }

    static int[] ints(String file) {
        NumpyArray a = NumpyReader.read(dir().resolve(file + ".npy"));
        int[] out = new int[(int) a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) a.get(0, i);
        }
        return out;
    }
}
