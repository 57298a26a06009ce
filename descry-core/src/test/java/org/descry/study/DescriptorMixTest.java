package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.descry.data.ColumnStats;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mixtures of descriptor sets: each block carries its weight squared of the total variance. */
class DescriptorMixTest {

    @TempDir
    Path dir;

    private static double blockVariance(FloatMatrix m, int from, int to) {
        double[] std = ColumnStats.of(m, Progress.NONE).std();
        double t = 0;
        for (int j = from; j < to; j++) {
            t += std[j] * std[j];
        }
        return t;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void eachBlockContributesItsWeightSquared(long seed) {
        FloatMatrix wide = PreprocessingTest.data(seed, 300, 40);
        FloatMatrix narrow = PreprocessingTest.data(seed + 100, 300, 6);
        DescriptorMix mix = DescriptorMix.parse("wide:2+narrow");
        for (Preprocessing p : List.of(Preprocessing.RAW, new Preprocessing(Scaler.STANDARD, Pca.varianceFraction(0.9)),
                new Preprocessing(Scaler.L2, null))) {
            DescriptorMix.Fitted f = mix.fit(List.of(wide, narrow), p, Progress.NONE);
            int w0 = f.mix().steps().get(0).apply(wide).cols();
            FloatMatrix m = f.mixed();
            assertEquals(4.0, blockVariance(m, 0, w0), 1e-3, p.toString());
            assertEquals(1.0, blockVariance(m, w0, m.cols()), 1e-3, p.toString());
        }
    }

    @Test
    void newRowsAreMixedAsTheFitRowsAndSurviveSaveLoad() throws Exception {
        FloatMatrix a = PreprocessingTest.data(7, 200, 12);
        FloatMatrix b = PreprocessingTest.data(8, 200, 5);
        DescriptorMix.Fitted f = DescriptorMix.parse("a+b").fit(List.of(a, b),
                new Preprocessing(Scaler.STANDARD, Pca.components(3)), Progress.NONE);
        assertArrayEquals(f.mixed().toArray(), f.mix().apply(List.of(a, b)).toArray(), 1e-5f);
        f.mix().save(dir.resolve("mix"), org.descry.model.Provenance.of("mix", java.util.Map.of(), 0, "test"));
        FittedMix back = FittedMix.load(dir.resolve("mix"));
        assertEquals(List.of("a", "b"), back.descriptors());
        assertArrayEquals(f.mixed().toArray(), back.apply(List.of(a, b)).toArray(), 1e-5f);
        DescryException e = assertThrows(DescryException.class,
                () -> back.apply(List.of(b, a)));
        assertEquals("descriptor 'a' rows have 5 columns, the mix was fitted on 12", e.getMessage());
    }

    @Test
    void parsesAndValidates() {
        assertEquals("hog+color", DescriptorMix.parse(" hog + color ").spec());
        assertEquals("hog:2.0+color", DescriptorMix.parse("hog:2+color:1").spec());
        assertEquals("descriptor mix has 'hog' twice",
                assertThrows(DescryException.class, () -> DescriptorMix.parse("hog+hog")).getMessage());
        assertEquals("descriptor mix has an empty name",
                assertThrows(DescryException.class, () -> DescriptorMix.parse("hog+")).getMessage());
        assertEquals("weight of 'hog' must be a positive number, got -1.0",
                assertThrows(DescryException.class, () -> DescriptorMix.parse("hog:-1")).getMessage());
        assertEquals("descriptor mix 'hog:x': weight 'x' is not a number",
                assertThrows(DescryException.class, () -> DescriptorMix.parse("hog:x")).getMessage());
    }
}
