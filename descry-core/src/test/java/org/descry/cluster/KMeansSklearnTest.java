package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyReader;
import org.descry.io.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** From scikit-learn's initial centres: the same labels, centres, inertia (1e-4 relative) and n_iter. */
class KMeansSklearnTest {

    static Stream<Arguments> cases() {
        return Stream.of("blobs_2d", "blobs_10d", "blobs_50d", "uniform_5d", "fashion_color", "fashion_hog")
                .flatMap(c -> Stream.of(Arguments.of(c, KMeans.Algorithm.LLOYD),
                        Arguments.of(c, KMeans.Algorithm.ELKAN)));
    }

    static FloatMatrix input(String name) {
        if (name.startsWith("fashion_")) {
            String set = name.substring("fashion_".length());
            return NumpyReader.readMatrix(SharedData.fashionCase().resolve("descriptors").resolve(set + ".pickle"));
        }
        return Fixtures.matrix(name + "_x");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesScikitLearnFromGivenCentres(String name, KMeans.Algorithm algorithm) {
        JsonNode c = Fixtures.caseOf(name);
        FloatMatrix x = input(name);
        assertEquals(c.get("n").asInt(), x.rows());
        int k = c.get("k").asInt();
        FloatMatrix init = FloatMatrix.zeros(k, x.cols());
        for (int j = 0; j < k; j++) {
            init.setRow(j, x.rowArray(c.get("init_rows").get(j).asInt()), 0);
        }
        KMeansModel m = KMeans.of(k).withInitialCentres(init).withAlgorithm(algorithm).withThreads(2).fit(x);
        String algo = algorithm.toString();
        JsonNode ref = c.get(algo);
        assertArrayEquals(Fixtures.ints(name + "_" + algo + "_labels"), m.labels(), "labels");
        assertEquals(ref.get("n_iter").asInt(), m.nIter(), "n_iter");
        double inertia = ref.get("inertia").asDouble();
        assertEquals(inertia, m.inertia(), 1e-4 * inertia, "inertia");
        float[] want = Fixtures.matrix(name + "_" + algo + "_centres").toArray();
        float[] got = m.centres().toArray();
        double scale = 0;
        for (float v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got[i]) <= 1e-4 * scale, "centre value " + i + ": " + got[i] + " vs "
                    + want[i]);
        }
    }
}
