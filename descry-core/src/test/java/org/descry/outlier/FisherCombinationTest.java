package org.descry.outlier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ViewCombination#FISHER}: Fisher's sum of {@code -ln p} over the members' empirical p-values. */
class FisherCombinationTest {

    /** A model with fixed training scores that scores new rows by their first column. */
    record Fixed(double[] training) implements OutlierModel {
        @Override
        public double[] scores() {
            return training.clone();
        }

        @Override
        public double[] score(FloatMatrix rows) {
            double[] out = new double[rows.rows()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rows.get(i, 0);
            }
            return out;
        }

        @Override
        public double contamination() {
            return 0.1;
        }

        @Override
        public double threshold() {
            return Contamination.threshold(training, 0.1);
        }

        @Override
        public Provenance provenance() {
            return Provenance.of("fixed", Map.of(), 0, training.length + " rows");
        }

        @Override
        public void save(Path dir) {
            throw new UnsupportedOperationException();
        }
    }

    private static double[] row(double[] flat, int r, int n) {
        double[] out = new double[n];
        System.arraycopy(flat, r * n, out, 0, n);
        return out;
    }

    /** scipy's combine_pvalues(method="fisher") / 2 on the same p-values, training rows and new rows. */
    @Test
    void matchesScipyOnTrainingAndNewRows() {
        double[] members = Fixtures.vector("fisher_members");
        double[] fresh = Fixtures.vector("fisher_fresh");
        List<double[]> training = new ArrayList<>();
        List<OutlierModel> models = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            training.add(row(members, m, 60));
            models.add(new Fixed(row(members, m, 60)));
        }
        assertArrayEquals(Fixtures.vector("fisher_train"), RankEnsemble.combine(training, ViewCombination.FISHER),
                1e-12);
        RankEnsemble.Model ensemble = RankEnsemble.of(models, ViewCombination.FISHER, 0.1);
        assertArrayEquals(Fixtures.vector("fisher_train"), ensemble.scores(), 1e-12);
        double[] expected = Fixtures.vector("fisher_new");
        for (int m = 0; m < 3; m++) {
            double[] col = row(fresh, m, 25);
            float[] one = new float[25];
            for (int i = 0; i < 25; i++) {
                one[i] = (float) col[i];
            }
            double[] got = models.get(m).score(FloatMatrix.wrap(one, 25, 1));
            for (int i = 0; i < 25; i++) {
                assertEquals((float) col[i], got[i], 0);
            }
        }
        double[] combined = new double[25];
        for (int m = 0; m < 3; m++) {
            double[] sorted = row(members, m, 60);
            java.util.Arrays.sort(sorted);
            double[] col = row(fresh, m, 25);
            for (int i = 0; i < 25; i++) {
                combined[i] = ViewCombination.FISHER.accumulate(combined[i], RankEnsemble.rankAmong(sorted, col[i]),
                        60, 3);
            }
        }
        assertArrayEquals(expected, combined, 1e-12);
    }

    /** Two members of four rows, by hand: p = 1 - (rank - 1/2) / 4. */
    @Test
    void smallExactCase() {
        double[] s = RankEnsemble.combine(List.of(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}),
                ViewCombination.FISHER);
        double a = -Math.log(7 / 8.0) - Math.log(1 / 8.0);
        double b = -Math.log(5 / 8.0) - Math.log(3 / 8.0);
        assertArrayEquals(new double[] {a, b, b, a}, s, 1e-15);
        assertEquals(0.125, ViewCombination.pValue(1.0, 4), 0, "beyond every reference score: floored at 1/(2n)");
        assertEquals(0.25, ViewCombination.pValue(0.75, 4), 0);
        assertEquals(ViewCombination.FISHER, ViewCombination.parse(" Fisher "));
        assertEquals("--combine must be fisher, max or mean, got 'sum'", assertThrows(DescryException.class,
                () -> ViewCombination.parse("sum")).getMessage());
    }

    static IntStream seeds() {
        return IntStream.range(0, 5);
    }

    /**
     * Fisher sits between the mean and the maximum: it is monotone in every member's rank, a row one member alone
     * ranks at the very top still outranks one that every member ranks at the median, and a row that two members
     * rank high outranks one that only one of them ranks as high.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void monotoneAndRewardsAgreement(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 200;
        double[][] members = new double[3][n];
        for (double[] m : members) {
            for (int i = 0; i < n; i++) {
                m[i] = r.nextDouble();
            }
        }
        double[] base = RankEnsemble.combine(List.of(members[0], members[1], members[2]), ViewCombination.FISHER);
        int row = r.nextInt(n);
        members[1][row] += 0.3;
        double[] raised = RankEnsemble.combine(List.of(members[0], members[1], members[2]), ViewCombination.FISHER);
        assertTrue(raised[row] >= base[row], "raising one member's score never lowers the row's");

        double[][] shaped = new double[3][n];
        for (int m = 0; m < 3; m++) {
            for (int i = 0; i < n; i++) {
                shaped[m][i] = r.nextDouble() * 0.8;
            }
            shaped[m][0] = 0.4;
        }
        shaped[0][1] = 2;
        shaped[0][2] = 1.5;
        shaped[1][2] = 1.5;
        shaped[0][3] = 1.5;
        double[] f = RankEnsemble.combine(List.of(shaped[0], shaped[1], shaped[2]), ViewCombination.FISHER);
        assertTrue(f[1] > f[0], "one member's top row outranks every member's median row");
        assertTrue(f[2] > f[3], "two members agreeing outrank one");
    }

    /** A Fisher ensemble saves as ensemble_version 3 and loads to score identically; MAX folders still load. */
    @Test
    void roundTrip(@TempDir Path tmp) throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        FloatMatrix x = NewMethodsTest.blobsWithGroup(r, 150, 2, 25);
        FloatMatrix fresh = NewMethodsTest.gaussian(new SplittableRandom(4), 30, 2, 3);
        RankEnsemble.Model m = new RankEnsemble(List.of(new LofRange(5, 20, 5, 0.1, 1), new DenseGroup(10, 0.1, 1)),
                ViewCombination.FISHER, 0.1).fit(x, Progress.NONE);
        assertArrayEquals(RankEnsemble.combine(List.of(m.members().get(0).scores(), m.members().get(1).scores()),
                ViewCombination.FISHER), m.scores(), 0);
        m.save(tmp.resolve("fisher"));
        RankEnsemble.Model back = (RankEnsemble.Model) OutlierModels.load(tmp.resolve("fisher"));
        assertEquals(ViewCombination.FISHER, back.combination());
        assertEquals(3, ModelStore.readManifest(tmp.resolve("fisher"), RankEnsemble.Model.KIND)
                .path("ensemble_version").asInt());
        assertArrayEquals(m.score(fresh), back.score(fresh), 0);
        assertArrayEquals(m.flag(m.score(fresh)), back.flag(back.score(fresh)));

        RankEnsemble.Model old = RankEnsemble.of(m.members(), ViewCombination.MAX, 0.1);
        old.save(tmp.resolve("max"));
        ObjectNode manifest = (ObjectNode) ModelStore.readManifest(tmp.resolve("max"), RankEnsemble.Model.KIND);
        manifest.put("ensemble_version", 2);
        ModelStore.writeManifest(tmp.resolve("max"), manifest);
        RankEnsemble.Model v2 = (RankEnsemble.Model) OutlierModels.load(tmp.resolve("max"));
        assertEquals(ViewCombination.MAX, v2.combination());
        assertArrayEquals(old.score(fresh), v2.score(fresh), 0);
    }
}
