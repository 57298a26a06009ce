package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.linalg.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class GaussianMixtureTest {

    /** {@code k} blobs of {@code perCluster} rows in {@code d} columns, centers 10 apart, row {@code i} in blob {@code i % k}. */
    static FloatMatrix blobs(long seed, int k, int perCluster, int d) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] centers = new double[k * d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                centers[c * d + j] = (j == c % d ? 10.0 * (1 + c / d) : 0) + rnd.nextDouble();
            }
        }
        int n = k * perCluster;
        FloatMatrix x = FloatMatrix.zeros(n, d);
        for (int i = 0; i < n; i++) {
            int c = i % k;
            double s = 0.5 + 0.5 * c / k;
            for (int j = 0; j < d; j++) {
                x.set(i, j, (float) (centers[c * d + j] + s * rnd.nextGaussian() * (1 + 0.3 * j / d)));
            }
        }
        return x;
    }

    static Stream<Arguments> seedsAndTypes() {
        List<Arguments> out = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            for (CovarianceType t : CovarianceType.values()) {
                out.add(Arguments.of(seed, t));
            }
        }
        return out.stream();
    }

    @Test
    void twoTightGroupsGiveTheirMomentsExactly() {
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {{0, 0}, {1, 0}, {0, 2}, {1, 2}, {20, 20}, {22, 20},
            {20, 21}, {22, 21}, {21, 20.5f}});
        GaussianMixtureModel m = GaussianMixture.of(2).withCovarianceType(CovarianceType.DIAG)
                .withInit(MixtureInit.KMEANS).fit(x);
        int a = m.labels()[0];
        int b = 1 - a;
        assertArrayEquals(new int[] {a, a, a, a, b, b, b, b, b}, m.labels());
        assertEquals(4.0 / 9, m.weights()[a], 1e-12);
        assertEquals(5.0 / 9, m.weights()[b], 1e-12);
        double[] means = m.means();
        assertEquals(0.5, means[a * 2], 1e-9);
        assertEquals(1.0, means[a * 2 + 1], 1e-9);
        assertEquals(21.0, means[b * 2], 1e-9);
        assertEquals(20.5, means[b * 2 + 1], 1e-9);
        double[] cov = m.covariances();
        assertEquals(0.25 + 1e-6, cov[a * 2], 1e-9);
        assertEquals(1.0 + 1e-6, cov[a * 2 + 1], 1e-9);
        assertEquals(0.8 + 1e-6, cov[b * 2], 1e-9);
        assertEquals(0.2 + 1e-6, cov[b * 2 + 1], 1e-9);
        assertTrue(m.converged());
        double[] chol = m.precisionsCholesky();
        for (int i = 0; i < cov.length; i++) {
            assertEquals(1 / Math.sqrt(cov[i]), chol[i], 1e-12);
        }
    }

    @Test
    void singleComponentLogLikelihoodIsTheGaussianFormula() {
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {{1, 2}, {3, 1}, {2, 4}, {0, 1}});
        GaussianMixtureModel m = GaussianMixture.of(1).fit(x);
        double[] mu = {1.5, 2.0};
        double[] s = new double[4];
        for (int i = 0; i < 4; i++) {
            double dx = x.get(i, 0) - mu[0];
            double dy = x.get(i, 1) - mu[1];
            s[0] += dx * dx / 4;
            s[1] += dx * dy / 4;
            s[3] += dy * dy / 4;
        }
        s[0] += 1e-6;
        s[3] += 1e-6;
        s[2] = s[1];
        double det = s[0] * s[3] - s[1] * s[2];
        assertArrayEquals(s, m.covariances(), 1e-9);
        double[] scores = m.scoreSamples(x);
        for (int i = 0; i < 4; i++) {
            double dx = x.get(i, 0) - mu[0];
            double dy = x.get(i, 1) - mu[1];
            double maha = (s[3] * dx * dx - 2 * s[1] * dx * dy + s[0] * dy * dy) / det;
            double expected = -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * maha;
            assertEquals(expected, scores[i], 1e-5);
        }
    }

    @ParameterizedTest(name = "seed {0} {1}")
    @MethodSource("seedsAndTypes")
    void emNeverLowersTheBoundAndOutputsAgree(long seed, CovarianceType type) {
        FloatMatrix x = blobs(seed, 3, 60, 4);
        GaussianMixture c = GaussianMixture.of(3).withCovarianceType(type).withSeed(seed)
                .withInit(MixtureInit.RANDOM_FROM_DATA).withTol(0);
        double previous = Double.NEGATIVE_INFINITY;
        for (int it = 1; it <= 5; it++) {
            double bound = c.withMaxIter(it).fit(x).lowerBound();
            // EM cannot lower the likelihood; the float32 products may move it by about 1e-6 relative near the top
            assertTrue(bound >= previous - 1e-5 * Math.abs(previous), "iteration " + it + ": " + bound + " < "
                    + previous);
            previous = bound;
        }
        GaussianMixtureModel m = c.withMaxIter(100).withTol(1e-3).fit(x);
        float[] proba = m.predictProba(x).toArray();
        int[] labels = m.predict(x);
        assertArrayEquals(labels, m.labels());
        double[] samples = m.scoreSamples(x);
        double mean = 0;
        for (int i = 0; i < x.rows(); i++) {
            double sum = 0;
            int best = 0;
            for (int j = 0; j < 3; j++) {
                sum += proba[i * 3 + j];
                if (proba[i * 3 + j] > proba[i * 3 + best]) {
                    best = j;
                }
            }
            assertEquals(1.0, sum, 1e-5);
            assertEquals(labels[i], best);
            mean += samples[i] / x.rows();
        }
        assertEquals(mean, m.score(x), 1e-9);
        assertEquals(-2 * m.score(x) * x.rows() + m.nParameters() * Math.log(x.rows()), m.bic(x), 1e-6);
        assertEquals(-2 * m.score(x) * x.rows() + 2 * m.nParameters(), m.aic(x), 1e-6);
        GaussianMixtureModel again = c.withMaxIter(100).withTol(1e-3).fit(x);
        assertArrayEquals(m.means(), again.means(), "same seed, same result");
    }

    static Stream<Arguments> widthsAndTypes() {
        List<Arguments> out = new ArrayList<>();
        for (int d : new int[] {6, 70}) {
            for (CovarianceType t : CovarianceType.values()) {
                out.add(Arguments.of(d, t));
            }
        }
        return out.stream();
    }

    /** Width 70 cuts the triangular factor into panels ({@link MixtureDensity}). */
    @ParameterizedTest(name = "d {0} {1}")
    @MethodSource("widthsAndTypes")
    void floatProductsAgreeWithTheDoublePath(int d, CovarianceType type) {
        FloatMatrix x = blobs(d, 4, d == 6 ? 50 : 120, d);
        GaussianMixtureModel m = GaussianMixture.of(4).withCovarianceType(type).withSeed(d).withMaxIter(3)
                .withInit(MixtureInit.KMEANS_PLUS_PLUS).withRegCovar(1e-3).fit(x);
        GaussianMixture.Params p = new GaussianMixture.Params(m.weights(), m.means(), m.covariances(),
                m.precisionsCholesky());
        MixtureDensity fast = new MixtureDensity(type, 4, d, p, Kernels.best(), false);
        MixtureDensity exact = new MixtureDensity(type, 4, d, p, Kernels.best(), true);
        float[] rows = x.toArray();
        double[] a = new double[x.rows() * 4];
        double[] b = new double[x.rows() * 4];
        fast.weightedLogProb(rows, x.rows(), a, fast.scratch(x.rows()));
        exact.weightedLogProb(rows, x.rows(), b, exact.scratch(x.rows()));
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-4 * Math.max(1, Math.abs(b[i])), "entry " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(MixtureInit.class)
    void everyInitRecoversSeparatedBlobs(MixtureInit init) {
        FloatMatrix x = blobs(7, 3, 80, 3);
        GaussianMixture c = GaussianMixture.of(3).withCovarianceType(CovarianceType.DIAG).withInit(init)
                .withSeed(11).withNInit(init == MixtureInit.RANDOM ? 5 : 1);
        GaussianMixtureModel m = c.fit(x);
        int[] labels = m.labels();
        for (int i = 3; i < x.rows(); i++) {
            assertEquals(labels[i % 3], labels[i], init + ": row " + i);
        }
        assertNotEquals(labels[0], labels[1]);
        assertNotEquals(labels[1], labels[2]);
        assertNotEquals(labels[0], labels[2]);
        assertArrayEquals(labels, c.fit(x).labels(), "same seed");
    }

    @Test
    void moreInitsNeverLowerTheBound() {
        FloatMatrix x = blobs(3, 5, 40, 2);
        GaussianMixture c = GaussianMixture.of(5).withInit(MixtureInit.RANDOM_FROM_DATA).withSeed(5);
        assertTrue(c.withNInit(4).fit(x).lowerBound() >= c.fit(x).lowerBound());
    }

    @Test
    void parameterCountsFollowScikitLearn() {
        FloatMatrix x = blobs(1, 3, 10, 4);
        int[] expected = {3 * 10 + 12 + 2, 10 + 12 + 2, 12 + 12 + 2, 3 + 12 + 2};
        for (CovarianceType t : CovarianceType.values()) {
            GaussianMixtureModel m = GaussianMixture.of(3).withCovarianceType(t).withMaxIter(2).fit(x);
            assertEquals(expected[t.ordinal()], m.nParameters(), t.toString());
        }
    }

    @Test
    void collapsedComponentIsNamed() {
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {{0, 0}, {0, 0}, {0, 0}, {5, 5}, {5, 5}, {5, 6}});
        GaussianMixture c = GaussianMixture.of(2).withRegCovar(0).withInit(MixtureInit.KMEANS);
        DescryException e = assertThrows(DescryException.class, () -> c.fit(x));
        assertTrue(e.getMessage().contains("component") && e.getMessage().contains("regCovar"), e.getMessage());
        DescryException diag = assertThrows(DescryException.class,
                () -> c.withCovarianceType(CovarianceType.DIAG).fit(x));
        assertTrue(diag.getMessage().contains("component"), diag.getMessage());
        GaussianMixtureModel ok = c.withRegCovar(1e-6).fit(x);
        assertTrue(ok.converged());
    }

    @Test
    void argumentsAreChecked() {
        FloatMatrix x = blobs(1, 2, 3, 2);
        assertMessage("k must be >= 1, got 0", () -> GaussianMixture.of(0));
        assertMessage("k must be in [1, n=6], got 7", () -> GaussianMixture.of(7).fit(x));
        assertMessage("tol must be a finite number >= 0, got -1.0", () -> GaussianMixture.of(2).withTol(-1));
        assertMessage("regCovar must be a finite number >= 0, got NaN",
                () -> GaussianMixture.of(2).withRegCovar(Double.NaN));
        assertMessage("maxIter must be >= 0, got -1", () -> GaussianMixture.of(2).withMaxIter(-1));
        assertMessage("nInit must be >= 1, got 0", () -> GaussianMixture.of(2).withNInit(0));
        assertMessage("weightsInit must sum to 1, got 0.8",
                () -> GaussianMixture.of(2).withWeightsInit(new double[] {0.4, 0.4}));
        assertMessage("weightsInit must hold k = 2 values, got 1",
                () -> GaussianMixture.of(2).withWeightsInit(new double[] {1}));
        assertMessage("meansInit must hold k x d = 2 x 2 values, got 6",
                () -> GaussianMixture.of(2).withMeansInit(new double[6]).fit(x));
        assertMessage("precisionsInit for diag must hold [2, 2] values, got 3",
                () -> GaussianMixture.of(2).withCovarianceType(CovarianceType.DIAG)
                        .withPrecisionsInit(new double[] {1, 1, 1}).fit(x));
        assertMessage("precisionsInit: component 1 is not positive definite",
                () -> GaussianMixture.of(2).withPrecisionsInit(new double[] {1, 0, 0, 1, 1, 2, 2, 1}).fit(x));
        assertMessage("precisionsInit must be > 0, got 0.0 at 1",
                () -> GaussianMixture.of(2).withCovarianceType(CovarianceType.SPHERICAL)
                        .withPrecisionsInit(new double[] {1, 0}).fit(x));
        assertMessage("covarianceType must be full, tied, diag or spherical, got round",
                () -> CovarianceType.parse("round"));
        assertMessage("init must be kmeans, k-means++, random or random_from_data, got pca",
                () -> MixtureInit.parse("pca"));
        FloatMatrix bad = x.copy();
        bad.set(4, 1, Float.NaN);
        assertMessage("x has NaN or infinite values (first at row 4)", () -> GaussianMixture.of(2).fit(bad));
        assertMessage("x must have at least 2 rows, got 1", () -> GaussianMixture.of(1).fit(x.rowRange(0, 1)));
        GaussianMixtureModel m = GaussianMixture.of(2).fit(x);
        assertMessage("x has 3 columns, the mixture was fitted on 2",
                () -> m.predict(FloatMatrix.zeros(2, 3)));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
        assertEquals(expected, assertThrows(DescryException.class, e).getMessage());
    }

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void saveAndLoadRoundTrip(CovarianceType type, @TempDir Path dir) throws IOException {
        FloatMatrix x = blobs(2, 3, 40, 3);
        GaussianMixtureModel m = GaussianMixture.of(3).withCovarianceType(type).withSeed(4).fit(x);
        m.save(dir.resolve("a"));
        GaussianMixtureModel loaded = GaussianMixtureModel.load(dir.resolve("a"));
        assertEquals(type, loaded.covarianceType());
        assertArrayEquals(m.labels(), loaded.labels());
        assertArrayEquals(m.predict(x), loaded.predict(x));
        assertEquals(m.score(x), loaded.score(x), 1e-5 * Math.abs(m.score(x)));
        assertArrayEquals(m.means(), loaded.means(), 1e-5);
        assertEquals(m.converged(), loaded.converged());
        assertEquals(m.nIter(), loaded.nIter());
        assertEquals(m.lowerBound(), loaded.lowerBound());
        assertEquals(m.provenance(), loaded.provenance());
        assertEquals("gaussian-mixture", loaded.provenance().algorithm());
        loaded.save(dir.resolve("b"));
        GaussianMixtureModel twice = GaussianMixtureModel.load(dir.resolve("b"));
        assertArrayEquals(loaded.precisionsCholesky(), twice.precisionsCholesky());
        assertArrayEquals(loaded.scoreSamples(x), twice.scoreSamples(x));
        DescryException wrong = assertThrows(DescryException.class, () -> GaussianMixtureModel.load(dir));
        assertTrue(wrong.getMessage().contains("not a saved model"), wrong.getMessage());
    }
}
