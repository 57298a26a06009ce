package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSubset;
import org.descry.preprocess.ColumnScaling;
import org.descry.preprocess.MinMaxScaler;
import org.descry.preprocess.Pca;
import org.descry.preprocess.PcaFit;
import org.descry.preprocess.Scaler;
import org.descry.preprocess.ScalerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The study's preprocessing of the inliers read in place ({@link Preprocessing#fit(RowSubset, Progress)},
 * {@link DescriptorMix#fit(List, int[], Preprocessing, Progress)}) against the same fit on a copy of the inlier rows,
 * which is what the study did before: the same reduced rows and the same fitted steps, bit for bit, for every scaler
 * with and without PCA.
 */
class SubsetPreprocessingTest {

    static Stream<Arguments> cases() {
        return Stream.of(Scaler.values()).flatMap(s -> Stream.of(
                Arguments.of(s, Pca.varianceFraction(0.9)), Arguments.of(s, Pca.components(4)), Arguments.of(s, null)));
    }

    private static int[] inliers(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return IntStream.range(0, n).filter(i -> r.nextDouble() >= 0.03).toArray();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void subsetFitIsTheFitOfTheCopy(Scaler scaler, Pca pca) {
        FloatMatrix x = PreprocessingTest.data(7, 600, 30);
        int[] rows = inliers(600, 7);
        Preprocessing pre = new Preprocessing(scaler, pca);
        Preprocessing.Fitted onCopy = pre.fit(x.selectRows(rows), Progress.NONE);
        Preprocessing.Fitted inPlace = pre.fit(RowSubset.of(x, rows), Progress.NONE);
        assertArrayEquals(onCopy.reduced().toArray(), inPlace.reduced().toArray());
        FloatMatrix fresh = PreprocessingTest.data(8, 50, 30);
        assertArrayEquals(onCopy.steps().apply(fresh).toArray(), inPlace.steps().apply(fresh).toArray());
    }

    /**
     * After a scaler that is not column-affine the PCA reads the rows scaled block by block; the result is the PCA of
     * a scaled copy, which is what was made before.
     */
    @ParameterizedTest
    @ValueSource(strings = {"l2", "sqrt", "hellinger"})
    void pcaAfterARowScalerIsThePcaOfTheScaledCopy(String name) {
        FloatMatrix x = PreprocessingTest.data(11, 700, 25);
        int[] rows = inliers(700, 11);
        Pca pca = Pca.varianceFraction(0.9);
        FloatMatrix copy = x.selectRows(rows);
        ScalerModel s = Scaler.fromName(name).fit(copy, Progress.NONE);
        PcaFit reference = pca.fitTransform(s.transform(copy), Progress.NONE);
        for (FloatMatrix in : new FloatMatrix[] {x, copy}) {
            Preprocessing.Fitted f = new Preprocessing(Scaler.fromName(name), pca)
                    .fit(RowSubset.of(in, in == x ? rows : null), Progress.NONE);
            assertArrayEquals(reference.projected().toArray(), f.reduced().toArray());
            assertArrayEquals(reference.model().components().toArray(), f.steps().pca().components().toArray());
            assertArrayEquals(reference.model().explainedVariance(), f.steps().pca().explainedVariance());
        }
    }

    @Test
    void clippingScalerIsNotFoldedButGivesThePcaOfTheScaledCopy() {
        FloatMatrix x = PreprocessingTest.data(12, 500, 9);
        int[] rows = inliers(500, 12);
        FloatMatrix copy = x.selectRows(rows);
        ColumnScaling clip = new MinMaxScaler().withClip(true).fit(copy);
        Pca pca = Pca.components(3);
        PcaFit reference = pca.fitTransform(clip.transform(copy), Progress.NONE);
        PcaFit streamed = pca.fitTransform(RowSubset.of(x, rows).transformed(clip::transformRows), Progress.NONE);
        assertArrayEquals(reference.projected().toArray(), streamed.projected().toArray());
        assertArrayEquals(reference.model().singularValues(), streamed.model().singularValues());
    }

    @Test
    void mixtureOfInliersIsTheMixtureOfTheCopies() {
        FloatMatrix wide = PreprocessingTest.data(1, 500, 40);
        FloatMatrix narrow = PreprocessingTest.data(2, 500, 6);
        int[] rows = inliers(500, 3);
        DescriptorMix mix = DescriptorMix.parse("wide:2+narrow");
        Preprocessing pre = new Preprocessing(Scaler.STANDARD, Pca.varianceFraction(0.9));
        DescriptorMix.Fitted onCopies = mix.fit(List.of(wide.selectRows(rows), narrow.selectRows(rows)), pre,
                Progress.NONE);
        DescriptorMix.Fitted inPlace = mix.fitRows(List.of(RowSubset.of(wide, rows), RowSubset.of(narrow, rows)
                .releasingPages()), pre, Progress.NONE);
        assertArrayEquals(onCopies.mixed().toArray(), inPlace.mixed().toArray());
        assertArrayEquals(onCopies.mix().multipliers(), inPlace.mix().multipliers());
        assertEquals(rows.length, inPlace.mixed().rows());
        assertArrayEquals(mix.fit(List.of(wide, narrow), pre, Progress.NONE).mixed().toArray(),
                mix.fitRows(List.of(RowSubset.all(wide).releasingPages(), RowSubset.all(narrow)), pre,
                        Progress.NONE).mixed().toArray());
    }

    @Test
    void refusesBlocksOfDifferentRowCounts() {
        FloatMatrix a = PreprocessingTest.data(1, 20, 4);
        DescriptorMix mix = DescriptorMix.parse("a+b");
        assertThrows(DescryException.class, () -> mix.fitRows(List.of(RowSubset.of(a, new int[] {0, 1, 2}),
                RowSubset.of(a, new int[] {3, 4})), new Preprocessing(Scaler.STANDARD, null), Progress.NONE));
    }
}
