package org.descry.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.descry.data.DescryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExternalMetricsTest {

    @Test
    void documentedScikitLearnExamples() {
        // values from the scikit-learn 1.2.1 docstrings and user guide
        assertEquals(0.5714285714285714, AdjustedRandIndex.score(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2}),
                1e-15);
        assertEquals(-0.5, AdjustedRandIndex.score(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}), 1e-15);
        assertEquals(1.0, AdjustedRandIndex.score(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0}), 0);
        assertEquals(0.0, NormalizedMutualInfo.score(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3}), 0);
        assertEquals(1.0, NormalizedMutualInfo.score(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0}), 1e-15);
        assertEquals(0.0, AdjustedMutualInfo.score(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3}), 0);
        HomogeneityCompletenessVMeasure h =
                HomogeneityCompletenessVMeasure.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2});
        assertEquals(1.0, h.homogeneity(), 1e-15);
        assertEquals(0.8, h.vMeasure(), 1e-15);
        assertEquals(1.0, AdjustedRandIndex.score(new int[] {3, 3, 3}, new int[] {1, 1, 1}), 0);
        assertEquals(1.0, NormalizedMutualInfo.score(new int[] {3, 3, 3}, new int[] {1, 1, 1}), 0);
    }

    @Test
    void contingencyMatrixLeavesOutMissingRows() {
        int m = TruthLabels.MISSING;
        ContingencyMatrix c = ContingencyMatrix.of(new int[] {2, 2, m, 7, 7, 7}, new int[] {-1, 4, 4, 4, 4, m});
        assertArrayEquals(new int[] {2, 7}, c.classes());
        assertArrayEquals(new int[] {-1, 4}, c.clusters());
        assertArrayEquals(new long[] {1, 1, 0, 2}, c.counts());
        assertEquals(4, c.n());
        assertArrayEquals(new long[] {2, 2}, c.rowSums());
        assertArrayEquals(new long[] {1, 3}, c.colSums());
    }

    @Test
    void textTruthWithEmptyValues() {
        TruthLabels t = TruthLabels.of(new String[] {"coat", "", "bag", null, "coat", "  "});
        assertEquals(List.of("bag", "coat"), t.names());
        assertArrayEquals(new int[] {1, TruthLabels.MISSING, 0, TruthLabels.MISSING, 1, TruthLabels.MISSING},
                t.codes());
        assertEquals(3, t.present());
        int[] pred = {5, 9, 6, 9, 5, 9};
        assertEquals(1.0, AdjustedRandIndex.score(t.codes(), pred), 0);
        assertEquals(3, ContingencyMatrix.of(t, pred).n());
    }

    @Test
    void errors() {
        assertThrows(DescryException.class, () -> AdjustedRandIndex.score(new int[] {1, 2}, new int[] {1}));
        int m = TruthLabels.MISSING;
        DescryException e = assertThrows(DescryException.class,
                () -> NormalizedMutualInfo.score(new int[] {m, m}, new int[] {1, 2}));
        assertTrue(e.getMessage().startsWith("truth: no row"), e.getMessage());
        assertThrows(DescryException.class,
                () -> HomogeneityCompletenessVMeasure.of(new int[] {1, 2}, new int[] {1, 2}, -1));
        assertThrows(DescryException.class,
                () -> HomogeneityCompletenessVMeasure.of(new int[] {1, 2}, new int[] {1, 2}, Double.NaN));
    }

    @Test
    void largeCountsDoNotOverflow() {
        // 416,314 rows: the pair counts reach 8.7e10 and their products 7.5e21, beyond a long
        int n = 416_314;
        int[] truth = new int[n];
        int[] pred = new int[n];
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < n; i++) {
            truth[i] = i % 10;
            pred[i] = rnd.nextInt(100) < 90 ? truth[i] : rnd.nextInt(10);
        }
        double ari = AdjustedRandIndex.score(truth, pred);
        // expected from the pair counts in double arithmetic, which is accurate enough here to 1e-12
        ContingencyMatrix c = ContingencyMatrix.of(truth, pred);
        double sumComb = 0;
        for (long v : c.counts()) {
            sumComb += v * (v - 1) / 2.0;
        }
        double a = 0;
        for (long v : c.rowSums()) {
            a += v * (v - 1) / 2.0;
        }
        double b = 0;
        for (long v : c.colSums()) {
            b += v * (v - 1) / 2.0;
        }
        double expectedIndex = a * b / ((double) n * (n - 1) / 2.0);
        double expected = (sumComb - expectedIndex) / ((a + b) / 2 - expectedIndex);
        assertEquals(expected, ari, 1e-12);
        assertTrue(ari > 0.8 && ari < 0.85, "ARI " + ari);
        double ami = AdjustedMutualInfo.score(truth, pred);
        assertTrue(ami > 0.7 && ami < 1, "AMI " + ami);
    }

    static LongStream seeds() {
        return LongStream.range(1, 9);
    }

    /** Renaming labels changes nothing; swapping the arguments swaps homogeneity and completeness. */
    @ParameterizedTest
    @MethodSource("seeds")
    void invariances(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 50 + rnd.nextInt(500);
        int kt = 1 + rnd.nextInt(8);
        int kp = 1 + rnd.nextInt(20);
        int[] t = new int[n];
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = rnd.nextInt(kt);
            p[i] = rnd.nextInt(3) == 0 ? t[i] : rnd.nextInt(kp);
        }
        int[] t2 = new int[n];
        int[] p2 = new int[n];
        for (int i = 0; i < n; i++) {
            t2[i] = 17 - 3 * t[i];
            p2[i] = p[i] * p[i] + 1000;
        }
        ClusterScores.External a = ClusterScores.External.of(t, p);
        ClusterScores.External b = ClusterScores.External.of(t2, p2);
        assertEquals(a.adjustedRandIndex(), b.adjustedRandIndex(), 1e-12);
        assertEquals(a.normalizedMutualInfo(), b.normalizedMutualInfo(), 1e-12);
        assertEquals(a.adjustedMutualInfo(), b.adjustedMutualInfo(), 1e-9);
        assertEquals(a.vMeasure(), b.vMeasure(), 1e-12);
        assertEquals(a.purity(), b.purity(), 0);
        HomogeneityCompletenessVMeasure h = HomogeneityCompletenessVMeasure.of(t, p);
        HomogeneityCompletenessVMeasure s = HomogeneityCompletenessVMeasure.of(p, t);
        assertEquals(h.homogeneity(), s.completeness(), 1e-12);
        assertEquals(h.vMeasure(), s.vMeasure(), 1e-12);
        assertEquals(AdjustedRandIndex.score(t, p), AdjustedRandIndex.score(p, t), 1e-12);
        assertTrue(a.purity() > 0 && a.purity() <= 1);
    }

    @Test
    void independentLabellingsScoreAboutZeroWhenAdjusted() {
        SplittableRandom rnd = new SplittableRandom(3);
        double ari = 0;
        double ami = 0;
        int runs = 20;
        for (int r = 0; r < runs; r++) {
            int[] t = new int[400];
            int[] p = new int[400];
            for (int i = 0; i < 400; i++) {
                t[i] = rnd.nextInt(5);
                p[i] = rnd.nextInt(30);
            }
            ari += AdjustedRandIndex.score(t, p) / runs;
            ami += AdjustedMutualInfo.score(t, p) / runs;
            assertTrue(NormalizedMutualInfo.score(t, p) > 0.05, "NMI is not adjusted for chance");
        }
        assertEquals(0, ari, 0.01);
        assertEquals(0, ami, 0.01);
    }

    @Test
    void logFactorialIsAccurate() {
        double exact = 0;
        for (int m = 1; m <= 2000; m++) {
            exact += Math.log(m);
            assertEquals(exact, LogGamma.logFactorial(m), 1e-13 * exact + 1e-15, "log " + m + "!");
        }
        assertEquals(0, LogGamma.logFactorial(0), 0);
    }
}
