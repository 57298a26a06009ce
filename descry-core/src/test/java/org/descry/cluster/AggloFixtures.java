package org.descry.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.knn.CsrGraph;

/** The scikit-learn values under {@code src/test/resources/sklearn/agglomerative} (see make_fixtures.py there). */
final class AggloFixtures {

    private AggloFixtures() {}

    static Path dir() {
        try {
            return Path.of(AggloFixtures.class.getResource("/sklearn/agglomerative/fixtures.json").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode cases() {
        try (InputStream in = AggloFixtures.class.getResourceAsStream("/sklearn/agglomerative/fixtures.json")) {
            return new ObjectMapper().readTree(in).get("cases");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NumpyArray array(String name) {
        return NumpyReader.read(dir().resolve(name + ".npy"));
    }

    static FloatMatrix matrix(String name) {
        return array(name).toFloatMatrix().copy();
    }

    static int[] ints(String name) {
        NumpyArray a = array(name);
        int cols = (int) (a.size() / a.rows());
        int[] out = new int[(int) a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) a.get(i / cols, i % cols);
        }
        return out;
    }

    static double[] doubles(String name) {
        NumpyArray a = array(name);
        int cols = (int) (a.size() / a.rows());
        double[] out = new double[(int) a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i / cols, i % cols);
        }
        return out;
    }

    /** The case's kNN graph as scikit-learn's connectivity CSR (every value 1). */
    static CsrGraph graph(String name, int n) {
        int[] indptr = ints(name + "_indptr");
        int[] indices = ints(name + "_indices");
        float[] ones = new float[indices.length];
        Arrays.fill(ones, 1f);
        return new CsrGraph(n, n, indptr, indices, ones);
    }

    /** Row {@code i} of the {@code ks x n} label table. */
    static int[] labels(String name, int i, int n) {
        return Arrays.copyOfRange(ints(name), i * n, (i + 1) * n);
    }
}
