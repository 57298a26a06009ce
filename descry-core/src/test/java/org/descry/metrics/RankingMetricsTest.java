package org.descry.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.descry.data.DescryException;
import org.descry.outlier.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RocAuc}, {@link AveragePrecision} (scikit-learn 1.2.1 fixtures, many ties) and {@link PrecisionAtK}. */
class RankingMetricsTest {

    @Test
    void matchScikitLearnWithTies() {
        boolean[] y = Fixtures.truth("metric_y");
        double[] s = Fixtures.vector("metric_scores");
        assertEquals(Fixtures.expected().get("roc_auc").asDouble(), RocAuc.score(y, s), 1e-12);
        assertEquals(Fixtures.expected().get("average_precision").asDouble(), AveragePrecision.score(y, s), 1e-12);
    }

    @Test
    void smallExactCases() {
        boolean[] y = {false, true, false, true};
        assertEquals(1.0, RocAuc.score(y, new double[] {0.1, 0.9, 0.2, 0.8}), 0);
        assertEquals(0.0, RocAuc.score(y, new double[] {0.9, 0.1, 0.8, 0.2}), 0);
        assertEquals(0.5, RocAuc.score(y, new double[] {1, 1, 1, 1}), 0);
        // positives at 0.8 and 0.3, negatives at 0.5 and 0.3: pairs won 1, lost 1, tied 1 and won 1 -> 2.5 / 4.
        assertEquals(0.625, RocAuc.score(y, new double[] {0.5, 0.8, 0.3, 0.3}), 0);
        assertEquals(1.0, PrecisionAtK.score(y, new double[] {0.1, 0.9, 0.2, 0.8}, 2), 0);
        assertEquals(0.5, PrecisionAtK.score(y, new double[] {0.1, 0.9, 0.2, 0.8}, 4), 0);
        // top: 0.8 (pos), 0.5 (neg); then 0.3 tied between a negative and a positive for one place -> 1.5 / 3.
        assertEquals(0.5, PrecisionAtK.score(y, new double[] {0.5, 0.8, 0.3, 0.3}, 3), 1e-15);
        assertEquals(1.0, PrecisionAtK.atTrueRate(y, new double[] {0, 5, 1, 4}), 0);
        assertEquals(1.0, AveragePrecision.score(y, new double[] {0, 5, 1, 4}), 0);
        assertEquals(0.5, AveragePrecision.score(y, new double[] {3, 3, 3, 3}), 0);
    }

    static IntStream seeds() {
        return IntStream.range(0, 6);
    }

    /** ROC-AUC is the probability that a positive outscores a negative, ties half: checked by counting pairs. */
    @ParameterizedTest
    @MethodSource("seeds")
    void rocAucCountsPairs(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 50 + r.nextInt(100);
        boolean[] y = new boolean[n];
        double[] s = new double[n];
        y[0] = true;
        for (int i = 0; i < n; i++) {
            y[i] = i == 0 || (i > 1 && r.nextInt(4) == 0);
            s[i] = r.nextInt(10);
        }
        double won = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] && !y[j]) {
                    pairs++;
                    won += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(won / pairs, RocAuc.score(y, s), 1e-12);
    }

    @Test
    void validation() {
        assertEquals("ROC-AUC needs both classes in the truth, got 0 positive and 2 negative rows",
                assertThrows(DescryException.class, () -> RocAuc.score(new boolean[2], new double[2])).getMessage());
        assertEquals("truth has 2 rows, scores 3", assertThrows(DescryException.class,
                () -> RocAuc.score(new boolean[2], new double[3])).getMessage());
        assertEquals("k must be in [1, 2], got 3", assertThrows(DescryException.class,
                () -> PrecisionAtK.score(new boolean[] {true, false}, new double[2], 3)).getMessage());
    }
}
