package org.descry.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TrustworthinessTest {

    private static Path dir() throws URISyntaxException {
        return Path.of(TrustworthinessTest.class.getResource("/sklearn/embed/trust.json").toURI()).getParent();
    }

    @Test
    void equalsScikitLearn() throws Exception {
        JsonNode ref = new ObjectMapper().readTree(dir().resolve("trust.json").toFile());
        FloatMatrix x = NumpyReader.readMatrix(dir().resolve("trust_x.npy"));
        FloatMatrix y = NumpyReader.readMatrix(dir().resolve("trust_y.npy"));
        assertEquals(ref.get("k5").asDouble(), Trustworthiness.of(x, y, 5), 1e-6);
        assertEquals(ref.get("k10").asDouble(), Trustworthiness.of(x, y, 10), 1e-6);
        assertEquals(ref.get("k10").asDouble(), Trustworthiness.sampled(x, y, 10, 300, 7), 1e-12);
    }

    static FloatMatrix random(long seed, int n, int d) {
        SplittableRandom r = new SplittableRandom(seed);
        FloatMatrix m = FloatMatrix.zeros(n, d);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                m.set(i, c, (float) (r.nextDouble() * (c + 1)));
            }
        }
        return m;
    }

    static LongStream seeds() {
        return LongStream.of(1, 2, 3);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sameSpaceIsOneAndShuffledIsLow(long seed) {
        FloatMatrix x = random(seed, 400, 2);
        assertEquals(1.0, Trustworthiness.of(x, x, 10), 0.0);
        FloatMatrix shuffled = random(seed + 100, 400, 2);
        double t = Trustworthiness.of(x, shuffled, 10);
        assertEquals(0.5, t, 0.1, "a random embedding scores about 0.5");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sampledEstimatesExact(long seed) {
        FloatMatrix x = random(seed, 1500, 5);
        FloatMatrix y = FloatMatrix.zeros(1500, 2);
        for (int i = 0; i < 1500; i++) {
            y.set(i, 0, x.get(i, 4));
            y.set(i, 1, x.get(i, 3));
        }
        double exact = Trustworthiness.of(x, y, 10);
        double est = Trustworthiness.sampled(x, y, 10, 500, seed);
        assertEquals(exact, est, 0.02);
    }

    @Test
    void rejectsTooManyNeighboursAndMismatchedRows() {
        FloatMatrix x = random(1, 20, 3);
        assertEquals("n_neighbors (10) should be less than n_samples / 2 (10.0) and >= 1",
                assertThrows(DescryException.class, () -> Trustworthiness.of(x, x, 10)).getMessage());
        assertThrows(DescryException.class, () -> Trustworthiness.of(x, random(1, 19, 2), 3));
        assertThrows(DescryException.class, () -> Trustworthiness.sampled(x, x, 3, 0, 1));
    }
}
