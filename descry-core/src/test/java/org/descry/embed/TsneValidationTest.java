package org.descry.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.junit.jupiter.api.Test;

class TsneValidationTest {

    private static String message(Runnable r) {
        return assertThrows(DescryException.class, r::run).getMessage();
    }

    @Test
    void badParametersNameTheParameterAndValue() {
        Tsne t = Tsne.of(2);
        assertEquals("perplexity must be > 0 and < n, got 0", message(() -> t.withPerplexity(0)));
        assertEquals("perplexity must be > 0 and < n, got NaN", message(() -> t.withPerplexity(Double.NaN)));
        assertEquals("dims must be 2 or 3, got 4", message(() -> Tsne.of(4)));
        assertEquals("earlyExaggeration must be >= 1, got 0.5", message(() -> t.withEarlyExaggeration(0.5)));
        assertEquals("iterations must be >= 1, got 0", message(() -> t.withIterations(0)));
        assertEquals("exaggerationIterations must be in [0, iterations = 1000], got 1001",
                message(() -> t.withExaggerationIterations(1001)));
        assertEquals("learningRate must be > 0, AUTO (0) or N_OVER_12 (-1), got -2",
                message(() -> t.withLearningRate(-2)));
        assertEquals("theta must be in [0, 1], got 1.5", message(() -> t.withTheta(1.5)));
        assertEquals("gradient FFT needs dims 2, got dims 3",
                message(() -> Tsne.of(3).withGradient(TsneGradient.FFT)));
        assertEquals("threads must be >= 1, got 0", message(() -> t.withThreads(0)));
    }

    @Test
    void fitRejectsPerplexityAtLeastRowsAndNonFinite() {
        FloatMatrix x = FloatMatrix.zeros(20, 3);
        for (int i = 0; i < 20; i++) {
            x.set(i, i % 3, i);
        }
        assertEquals("perplexity must be > 0 and < n = 20, got 30", message(() -> Tsne.of(2).fit(x, Progress.NONE)));
        x.set(7, 1, Float.NaN);
        assertEquals("input row 7 column 1 is NaN: t-SNE needs finite values (drop or impute non-finite rows first)",
                message(() -> Tsne.of(2).withPerplexity(5).fit(x, Progress.NONE)));
        x.set(7, 1, Float.POSITIVE_INFINITY);
        assertThrows(DescryException.class, () -> Tsne.of(2).withPerplexity(5).fit(x, Progress.NONE));
    }

    @Test
    void learningRateRulesAndMethodChoice() {
        assertEquals(50, Tsne.of(2).resolvedLearningRate(1000));
        assertEquals(416_314 / 48.0, Tsne.of(2).resolvedLearningRate(416_314), 1e-9);
        assertEquals(416_314 / 12.0, Tsne.of(2).withLearningRate(Tsne.N_OVER_12).resolvedLearningRate(416_314),
                1e-9);
        assertEquals(200, Tsne.of(2).withLearningRate(Tsne.N_OVER_12).resolvedLearningRate(1000));
        assertEquals(7.5, Tsne.of(2).withLearningRate(7.5).resolvedLearningRate(1000));
        assertEquals(TsneGradient.BARNES_HUT, Tsne.of(2).resolvedGradient(Tsne.FFT_MIN_ROWS - 1));
        assertEquals(TsneGradient.FFT, Tsne.of(2).resolvedGradient(Tsne.FFT_MIN_ROWS));
        assertEquals(TsneGradient.BARNES_HUT, Tsne.of(3).resolvedGradient(1_000_000));
        assertEquals(91, Tsne.of(2).neighbours(8240));
        assertEquals(9, Tsne.of(2).neighbours(10));
    }
}
