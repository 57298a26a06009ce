package org.descry.preprocess;

import static org.descry.preprocess.Fixtures.array;
import static org.descry.preprocess.Fixtures.close;
import static org.descry.preprocess.Fixtures.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.NumpyReader;
import org.descry.io.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PCA against scikit-learn 1.2.1 {@code PCA(svd_solver='full' | 'randomized')}: variances, ratios, components
 * with their signs, projections, whitening, inverse transforms and the counts chosen for variance fractions.
 */
class PcaFixtureTest {

    static Stream<String> cases() {
        return Stream.of("pca_a", "pca_wide", "pca_b");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exactSolverMatchesFullSvd(String name) throws Exception {
        FloatMatrix x = Fixtures.x(name);
        PcaModel m = Pca.components(5).fit(x);
        int d = x.cols();
        close(array(name, "full_ratio"), m.explainedVarianceRatio(), 0, 1e-4, name + " ratio", 5);
        close(array(name, "full_ev"), m.explainedVariance(), 1e-4, 0, name + " explained variance", 5);
        close(array(name, "full_sv"), m.singularValues(), 1e-4, 0, name + " singular values", 5);
        close(array(name, "full_mean"), m.mean(), 0, 1e-5, name + " mean", d);
        close(array(name, "full_components"), toDouble(m.components()), 0, 1e-4, name + " components (signed)", d);
        JsonNode v = Fixtures.values(name);
        assertEquals(v.get("full_noise").asDouble(), m.noiseVariance(), 1e-4 * v.get("full_noise").asDouble());
        FloatMatrix head = x.rowRange(0, 40);
        double[] t = array(name, "full_transform");
        double scale = Math.sqrt(m.explainedVariance()[0]);
        close(t, toDouble(m.transform(head)), 0, 1e-4 * scale, name + " transform", 5);
        close(array(name, "full_inverse"), toDouble(m.inverseTransform(m.transform(head))), 0, 1e-4 * scale,
                name + " inverse transform", d);
        FloatMatrix projected = Pca.components(5).fitTransform(x, Progress.NONE).projected();
        close(t, toDouble(projected.rowRange(0, 40)), 0, 1e-4 * scale, name + " fitTransform", 5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void whitening(String name) {
        FloatMatrix x = Fixtures.x(name);
        PcaModel m = Pca.components(5).withWhiten(true).fit(x);
        FloatMatrix head = x.rowRange(0, 40);
        close(array(name, "whiten_transform"), toDouble(m.transform(head)), 0, 1e-4, name + " whitened", 5);
        double scale = Math.sqrt(m.explainedVariance()[0]);
        close(array(name, "whiten_inverse"), toDouble(m.inverseTransform(m.transform(head))), 0, 1e-4 * scale,
                name + " whitened inverse", x.cols());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void varianceFractionsPickScikitLearnsCount(String name) throws Exception {
        FloatMatrix x = Fixtures.x(name);
        JsonNode v = Fixtures.values(name);
        for (String f : new String[] {"0.5", "0.9", "0.99"}) {
            PcaModel m = Pca.parse(f).fit(x);
            assertEquals(v.get("count_" + f).asInt(), m.outputWidth(), name + " count for " + f);
            double noise = v.get("noise_" + f).asDouble();
            assertEquals(noise, m.noiseVariance(), 1e-4 * noise + 1e-12, name + " noise for " + f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void randomizedSolverMatchesScikitLearnsRandomized(String name) throws Exception {
        FloatMatrix x = Fixtures.x(name);
        PcaModel m = Pca.components(5).withSolver(Pca.Solver.RANDOMIZED).withSeed(3).fit(x);
        close(array(name, "randomized_ratio"), m.explainedVarianceRatio(), 0, 1e-4, name + " ratio", 5);
        close(array(name, "randomized_ev"), m.explainedVariance(), 1e-4, 0, name + " explained variance", 5);
        close(array(name, "randomized_components"), toDouble(m.components()), 0, 1e-4, name + " components",
                x.cols());
        double noise = Fixtures.values(name).get("randomized_noise").asDouble();
        assertEquals(noise, m.noiseVariance(), 1e-4 * noise);
    }

    @ParameterizedTest(name = "fashion {0}")
    @ValueSource(strings = {"hog", "color"})
    void fashionCaseAfterStandardScaling(String set) throws Exception {
        Path file = SharedData.fashionCase().resolve("descriptors").resolve(set + ".pickle");
        FloatMatrix raw = NumpyReader.readMatrix(file);
        String name = "fashion_" + set;
        ColumnScaling s = new StandardScaler().fit(raw);
        close(array(name, "standard_mean"), s.attribute("mean"), 1e-6, 1e-7, name + " mean", raw.cols());
        close(array(name, "standard_scale"), s.attribute("scale"), 1e-6, 0, name + " scale", raw.cols());
        FloatMatrix x = s.transform(raw);
        close(array(name, "standard_head"), toDouble(x.rowRange(0, 20)), 1e-5, 1e-5, name + " scaled", x.cols());
        PcaModel m = Pca.components(10).fit(x);
        close(array(name, "full_ratio"), m.explainedVarianceRatio(), 0, 1e-4, name + " ratio", 10);
        close(array(name, "full_ev"), m.explainedVariance(), 1e-4, 0, name + " explained variance", 10);
        close(array(name, "full_components"), toDouble(m.components()), 0, 1e-4, name + " components (signed)",
                x.cols());
        double scale = Math.sqrt(m.explainedVariance()[0]);
        close(array(name, "full_transform"), toDouble(m.transform(x.rowRange(0, 50))), 0, 1e-3 * scale,
                name + " transform", 10);
        JsonNode v = Fixtures.values(name);
        assertEquals(v.get("full_noise").asDouble(), m.noiseVariance(), 1e-4 * v.get("full_noise").asDouble());
        for (String f : new String[] {"0.5", "0.9", "0.99"}) {
            assertEquals(v.get("count_" + f).asInt(), Pca.parse(f).fit(x).outputWidth(), name + " count for " + f);
            assertEquals(v.get("count_" + f).asInt(), Pca.parse(f).fit(raw, s, Progress.NONE).outputWidth(),
                    name + " count for " + f + ", scaling folded in");
        }

        PcaFit fused = Pca.components(10).fitTransform(raw, s, Progress.NONE);
        PcaModel f = fused.model();
        close(array(name, "full_ratio"), f.explainedVarianceRatio(), 0, 1e-4, name + " ratio, folded", 10);
        close(array(name, "full_ev"), f.explainedVariance(), 1e-4, 0, name + " explained variance, folded", 10);
        close(array(name, "full_components"), toDouble(f.components()), 0, 1e-4,
                name + " components (signed), folded", x.cols());
        close(array(name, "full_transform"), toDouble(f.transform(raw.rowRange(0, 50))), 0, 1e-3 * scale,
                name + " transform of raw rows, folded", 10);
        close(array(name, "full_transform"), toDouble(fused.projected().rowRange(0, 50)), 0, 1e-3 * scale,
                name + " fitTransform of raw rows, folded", 10);
        assertEquals(v.get("full_noise").asDouble(), f.noiseVariance(), 1e-4 * v.get("full_noise").asDouble());
    }
}
