package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.io.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gaussian mixtures against scikit-learn 1.2.1 ({@code src/test/resources/sklearn/gmm/make_fixtures.py}): from the
 * same starting weights, means and precisions, one EM step and a fit to convergence, for every covariance type, on
 * blobs (2, 8 and 20 columns, the last far from the origin) and on the fashion case's colour descriptors.
 */
class GaussianMixtureFixtureTest {

    private static final Path DIR = Path.of("src/test/resources/sklearn/gmm");
    private static final JsonNode INDEX = readIndex();

    private static JsonNode readIndex() {
        try {
            return new ObjectMapper().readTree(DIR.resolve("fixtures.json").toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        INDEX.fieldNames().forEachRemaining(name -> {
            for (CovarianceType t : CovarianceType.values()) {
                out.add(Arguments.of(name, t));
            }
        });
        return out.stream();
    }

    static double[] doubles(Path file) {
        NumpyArray a = NumpyReader.read(file);
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

    static FloatMatrix data(String name, JsonNode entry) {
        if (!entry.has("columns")) {
            return NumpyReader.read(DIR.resolve(name + "_x.npy")).toFloatMatrix().copy();
        }
        FloatMatrix all = NumpyReader.readMatrix(SharedData.fashionCase().resolve("descriptors/color.pickle"));
        JsonNode cols = entry.get("columns");
        FloatMatrix x = FloatMatrix.zeros(all.rows(), cols.size());
        for (int r = 0; r < all.rows(); r++) {
            for (int j = 0; j < cols.size(); j++) {
                x.set(r, j, all.get(r, cols.get(j).asInt()));
            }
        }
        return x;
    }

    private static void assertClose(double[] expected, double[] actual, double rtol, double atol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double tol = atol + rtol * Math.abs(expected[i]);
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesScikitLearn(String name, CovarianceType type) {
        JsonNode entry = INDEX.get(name);
        FloatMatrix x = data(name, entry);
        String prefix = name + "_" + type.sklearnName();
        GaussianMixture config = GaussianMixture.of(entry.get("k").asInt()).withCovarianceType(type)
                .withWeightsInit(doubles(DIR.resolve(prefix + "_init_weights.npy")))
                .withMeansInit(doubles(DIR.resolve(prefix + "_init_means.npy")))
                .withPrecisionsInit(doubles(DIR.resolve(prefix + "_init_precisions.npy")));
        double spread = meanAbsoluteSpread(x);

        for (String run : new String[] {"step", "fit"}) {
            JsonNode expected = entry.get(type.sklearnName()).get(run);
            GaussianMixtureModel m = config.withMaxIter(run.equals("step") ? 1 : 100).fit(x);
            String p = prefix + "_" + run;
            String at = p + ": ";
            assertEquals(expected.get("lower_bound").asDouble(), m.lowerBound(), 1e-4, at + "lower bound");
            assertEquals(expected.get("score").asDouble(), m.score(x), 1e-4, at + "score");
            assertEquals(expected.get("n_iter").asInt(), m.nIter(), at + "n_iter");
            assertEquals(expected.get("converged").asBoolean(), m.converged(), at + "converged");
            assertEquals(expected.get("n_parameters").asInt(), m.nParameters(), at + "n_parameters");
            double criterionTol = 2e-4 * x.rows();
            assertEquals(expected.get("bic").asDouble(), m.bic(x), criterionTol, at + "bic");
            assertEquals(expected.get("aic").asDouble(), m.aic(x), criterionTol, at + "aic");
            assertClose(doubles(DIR.resolve(p + "_weights.npy")), m.weights(), 1e-4, 1e-6, at + "weights");
            assertClose(doubles(DIR.resolve(p + "_means.npy")), m.means(), 1e-4, 1e-4 * spread, at + "means");
            double[] cov = doubles(DIR.resolve(p + "_covariances.npy"));
            assertClose(cov, m.covariances(), 1e-3, 1e-4 * maxAbs(cov), at + "covariances");
            if (run.equals("fit")) {
                int[] labels = NumpyReader.read(DIR.resolve(p + "_labels.npy")).toFloatMatrix().copy().rows() == 1
                        ? toInts(doubles(DIR.resolve(p + "_labels.npy"))) : null;
                int[] ours = m.predict(x);
                assertArrayEquals(labels, ours, at + "labels");
                assertArrayEquals(labels, m.labels(), at + "fit labels");
                double[] samples = doubles(DIR.resolve(p + "_score_samples.npy"));
                double[] ourSamples = m.scoreSamples(x);
                for (int i = 0; i < samples.length; i++) {
                    assertEquals(samples[i], ourSamples[i], 1e-3 + 1e-5 * Math.abs(samples[i]),
                            at + "score_samples[" + i + "]");
                }
                double[] proba = doubles(DIR.resolve(p + "_proba.npy"));
                float[] ourProba = m.predictProba(x.rowRange(0, 50)).toArray();
                for (int i = 0; i < proba.length; i++) {
                    assertEquals(proba[i], ourProba[i], 1e-4, at + "proba[" + i + "]");
                }
            }
        }
        assertTrue(spread > 0);
    }

    private static int[] toInts(double[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double a : v) {
            m = Math.max(m, Math.abs(a));
        }
        return m;
    }

    private static double meanAbsoluteSpread(FloatMatrix x) {
        double[] mean = new double[x.cols()];
        for (int r = 0; r < x.rows(); r++) {
            for (int j = 0; j < x.cols(); j++) {
                mean[j] += x.get(r, j) / x.rows();
            }
        }
        double s = 0;
        for (int r = 0; r < x.rows(); r++) {
            for (int j = 0; j < x.cols(); j++) {
                s += Math.abs(x.get(r, j) - mean[j]);
            }
        }
        return s / ((double) x.rows() * x.cols());
    }
}
