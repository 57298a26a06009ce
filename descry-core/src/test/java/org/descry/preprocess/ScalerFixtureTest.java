package org.descry.preprocess;

import static org.descry.preprocess.Fixtures.array;
import static org.descry.preprocess.Fixtures.close;
import static org.descry.preprocess.Fixtures.toDouble;

import java.util.function.Function;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.Transformer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scaler outputs and fitted statistics against scikit-learn 1.2.1 ({@code make_fixtures.py}). */
class ScalerFixtureTest {

    private static final double REL = 1e-5;
    private static final double ABS = 1e-6;

    static Stream<String> cases() {
        return Stream.of("scale_a", "scale_relu", "scale_heavy");
    }

    static Stream<Arguments> outputs() {
        return cases().flatMap(c -> Stream.<Arguments>of(
                Arguments.of(c, "standard", (Function<FloatMatrix, Transformer>) x -> new StandardScaler().fit(x)),
                Arguments.of(c, "standard_nomean",
                        (Function<FloatMatrix, Transformer>) x -> new StandardScaler().withMean(false).fit(x)),
                Arguments.of(c, "standard_nostd",
                        (Function<FloatMatrix, Transformer>) x -> new StandardScaler().withStd(false).fit(x)),
                Arguments.of(c, "minmax", (Function<FloatMatrix, Transformer>) x -> new MinMaxScaler().fit(x)),
                Arguments.of(c, "minmax_m1_2", (Function<FloatMatrix, Transformer>) x -> new MinMaxScaler(-1, 2).fit(x)),
                Arguments.of(c, "robust", (Function<FloatMatrix, Transformer>) x -> new RobustScaler().fit(x)),
                Arguments.of(c, "robust_10_90_nocenter", (Function<FloatMatrix, Transformer>) x -> new RobustScaler()
                        .withQuantileRange(10, 90).withCentering(false).fit(x)),
                Arguments.of(c, "l2", (Function<FloatMatrix, Transformer>) L2Normalizer::fit)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("outputs")
    void transformMatchesScikitLearn(String name, String key, Function<FloatMatrix, Transformer> fit) {
        FloatMatrix x = Fixtures.x(name);
        FloatMatrix y = fit.apply(x).transform(x);
        close(array(name, key), toDouble(y), REL, ABS, name + " " + key, x.cols());
    }

    /** {@code make_fixtures.py power}: FunctionTransformer(signed sqrt), alone and before Normalizer('l2'). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void powerNormalisationMatchesScikitLearn(String name) {
        FloatMatrix x = Fixtures.x(name);
        close(array(name + "_power", "sqrt"), toDouble(Scaler.SQRT.fit(x, Progress.NONE).transform(x)), REL, ABS,
                name + " sqrt", x.cols());
        close(array(name + "_power", "hellinger"), toDouble(Scaler.HELLINGER.fit(x, Progress.NONE).transform(x)), REL,
                ABS, name + " hellinger", x.cols());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fittedStatisticsMatchScikitLearn(String name) {
        FloatMatrix x = Fixtures.x(name);
        int d = x.cols();
        ColumnScaling s = new StandardScaler().fit(x);
        close(array(name, "standard_mean"), s.attribute("mean"), 1e-7, 1e-9, name + " mean", d);
        close(array(name, "standard_var"), s.attribute("var"), 1e-6, 1e-12, name + " var", d);
        close(array(name, "standard_scale"), s.attribute("scale"), 1e-6, 0, name + " scale", d);
        ColumnScaling m = new MinMaxScaler().fit(x);
        close(array(name, "minmax_scale"), m.attribute("scale"), 1e-6, 0, name + " minmax scale", d);
        ColumnScaling r = new RobustScaler().fit(x);
        close(array(name, "robust_center"), r.attribute("center"), 1e-6, 1e-9, name + " robust center", d);
        close(array(name, "robust_scale"), r.attribute("scale"), 1e-6, 0, name + " robust scale", d);
        ColumnScaling r2 = new RobustScaler().withQuantileRange(10, 90).fit(x);
        close(array(name, "robust_10_90_scale"), r2.attribute("scale"), 1e-6, 0, name + " robust 10-90", d);
    }
}
