package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.descry.cluster.BisectingKMeans;
import org.descry.cluster.GaussianMixture;
import org.descry.cluster.KMeans;
import org.descry.cluster.MiniBatchKMeans;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.metrics.CalinskiHarabasz;
import org.descry.metrics.DaviesBouldin;
import org.descry.metrics.Silhouette;
import org.descry.preprocess.MinMaxScaler;
import org.descry.preprocess.Pca;
import org.descry.preprocess.RobustScaler;
import org.descry.preprocess.StandardScaler;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad arguments to the scaling, PCA, clustering and metric configurations (issue 5) fail with a one-line message
 * naming the parameter (or the input) and the offending value: a {@link DescryException}, or for the clustering
 * configurations' ranges an {@link IllegalArgumentException}, which the command line reports the same way (exit 2).
 */
class BadArgumentsTest {

    private static final FloatMatrix X = random(20, 4);
    private static final FloatMatrix NAN = withNan();
    private static final int[] LABELS = new int[20];

    static {
        for (int i = 0; i < LABELS.length; i++) {
            LABELS[i] = i % 3;
        }
    }

    static Stream<Arguments> cases() {
        FloatMatrix three = X.rowRange(0, 3);
        return Stream.of(
                bad("KMeans k=0", () -> KMeans.of(0), "k must be >= 1, got 0"),
                bad("KMeans k > n", () -> KMeans.of(5).fit(three), "5", "3"),
                bad("KMeans NaN", () -> KMeans.of(2).fit(NAN), "NaN", "row 7"),
                bad("KMeans maxIter=0", () -> KMeans.of(2).withMaxIter(0), "maxIter", "0"),
                bad("KMeans tol<0", () -> KMeans.of(2).withTol(-1), "tol", "-1"),
                bad("MiniBatchKMeans k > n", () -> MiniBatchKMeans.of(5).fit(three), "5", "3"),
                bad("MiniBatchKMeans NaN", () -> MiniBatchKMeans.of(2).fit(NAN), "NaN", "row 7"),
                bad("MiniBatchKMeans batch=0", () -> MiniBatchKMeans.of(2).withBatchSize(0), "batchSize", "0"),
                bad("MiniBatchKMeans nInit=0", () -> MiniBatchKMeans.of(2).withNInit(0), "nInit", "0"),
                bad("MiniBatchKMeans reassignment<0", () -> MiniBatchKMeans.of(2).withReassignmentRatio(-0.5),
                        "reassignmentRatio", "-0.5"),
                bad("BisectingKMeans k > n", () -> BisectingKMeans.of(5).fit(three), "5", "3"),
                bad("BisectingKMeans NaN", () -> BisectingKMeans.of(2).fit(NAN), "NaN", "row 7"),
                bad("GaussianMixture k > n", () -> GaussianMixture.of(5).fit(three), "5", "3"),
                bad("GaussianMixture NaN", () -> GaussianMixture.of(2).fit(NAN), "NaN", "row 7"),
                bad("GaussianMixture regCovar<0", () -> GaussianMixture.of(2).withRegCovar(-1), "regCovar", "-1"),
                bad("PCA fraction 0", () -> Pca.varianceFraction(0), "(0, 1]", "0"),
                bad("PCA fraction 1.5", () -> Pca.varianceFraction(1.5), "(0, 1]", "1.5"),
                bad("PCA NaN", () -> Pca.components(2).fit(NAN), "NaN", "row 7"),
                bad("StandardScaler NaN", () -> new StandardScaler().fit(NAN), "NaN", "row 7"),
                bad("MinMaxScaler NaN", () -> new MinMaxScaler().fit(NAN), "NaN", "row 7"),
                bad("RobustScaler NaN", () -> new RobustScaler().fit(NAN), "NaN", "row 7"),
                bad("RobustScaler unit variance (0, 100)",
                        () -> new RobustScaler(0, 100, true, true, true), "quantile_range", "100"),
                bad("Calinski-Harabasz NaN", () -> CalinskiHarabasz.score(NAN, LABELS), "NaN", "row 7"),
                bad("Davies-Bouldin NaN", () -> DaviesBouldin.score(NAN, LABELS), "NaN", "row 7"),
                bad("silhouette NaN", () -> Silhouette.score(NAN, LABELS), "NaN", "column 2"),
                bad("silhouette sample 0", () -> Silhouette.sampledScore(X, LABELS, 0, 0), "sample", "0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsWithNamedParameterAndValue(String name, Executable call, String[] expected) {
        RuntimeException e = assertThrows(RuntimeException.class, call, name);
        assertTrue(e instanceof DescryException || e instanceof IllegalArgumentException, name + ": " + e);
        String msg = e.getMessage();
        assertTrue(!msg.contains("\n"), name + ": one line: " + msg);
        for (String part : expected) {
            assertTrue(msg.contains(part), name + ": '" + msg + "' should mention " + part);
        }
    }

    private static Arguments bad(String name, Executable call, String... expected) {
        return Arguments.of(name, call, expected);
    }

    private static FloatMatrix random(int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(5);
        float[] a = new float[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return FloatMatrix.wrap(a, rows, cols);
    }

    private static FloatMatrix withNan() {
        FloatMatrix m = random(20, 4).copy();
        m.set(7, 2, Float.NaN);
        return m;
    }
}
