package org.descry.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UmapGradientTest {

    /** Curves of UMAP's usual settings (min_dist 0 / 0.1 / 0.5, spread 1) and the ends of the supported b. */
    static Stream<Arguments> curves() {
        return Stream.of(
                Arguments.of(1.9328090884354905, 0.79049466071215, 1.0),
                Arguments.of(1.5769436133749897, 0.8950607195982855, 1.0),
                Arguments.of(0.5830300199110679, 1.3341669931033755, 2.0),
                Arguments.of(1.0, 0.05, 1.0),
                Arguments.of(3.0, 2.0, 0.5));
    }

    /**
     * The tabulated coefficients against the formulas with {@link Math#pow}, at every table octave boundary region
     * (a log-uniform sweep of squared distances over the whole table range and beyond it, where the exact formula
     * takes over), within {@link UmapGradient#MAX_RELATIVE_ERROR}.
     */
    @ParameterizedTest
    @MethodSource("curves")
    void tablesMatchMathPowWithinTheStatedBound(double a, double b, double gamma) {
        UmapGradient g = new UmapGradient(a, b, gamma);
        SplittableRandom r = new SplittableRandom(Double.doubleToLongBits(b));
        double worst = 0;
        for (int i = 0; i < 400_000; i++) {
            float d2 = (float) Math.pow(2, r.nextDouble(UmapGradient.MIN_EXPONENT - 4, UmapGradient.MAX_EXPONENT + 4));
            double pb = Math.pow(d2, b);
            double attractive = -2.0 * a * b * Math.pow(d2, b - 1) / (a * pb + 1.0);
            double repulsive = 2.0 * gamma * b / ((0.001 + d2) * (a * pb + 1));
            worst = Math.max(worst, Math.abs(g.attractive(d2) - attractive) / Math.abs(attractive));
            worst = Math.max(worst, Math.abs(g.repulsive(d2) - repulsive) / repulsive);
        }
        assertTrue(worst <= UmapGradient.MAX_RELATIVE_ERROR, "worst relative error " + worst);
        assertTrue(worst > 0, "the table is used, so it cannot be exact everywhere");
    }

    @ParameterizedTest
    @MethodSource("curves")
    void tableNodesAndOutOfRangeValuesAreTheFormula(double a, double b, double gamma) {
        UmapGradient g = new UmapGradient(a, b, gamma);
        for (float d2 : new float[] {0x1p-40f, 0x1p-32f, 0.25f, 1, 3, 0x1p31f, 0x1p32f, 0x1p40f}) {
            assertEquals(g.exactAttractive(d2), g.attractive(d2), 1e-7 * Math.abs(g.exactAttractive(d2)), "d2 " + d2);
            assertEquals(g.exactRepulsive(d2), g.repulsive(d2), 1e-7 * g.exactRepulsive(d2), "d2 " + d2);
        }
    }

    @ParameterizedTest
    @MethodSource("curves")
    void noRepulsionIsZero(double a, double b, double gamma) {
        UmapGradient g = new UmapGradient(a, b, 0);
        assertEquals(0f, g.repulsive(1.5f));
        assertEquals(0f, g.repulsive(0x1p40f));
    }
}
