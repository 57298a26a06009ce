package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.ModelStore;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline with a scaler after the PCA saves {@code after/} with {@code pipeline_version} 2 and predicts the same
 * after loading; a version-1 folder (no key) loads; a later version is refused in one line.
 */
class FittedPipelineVersionTest {

    @TempDir
    Path dir;

    @Test
    void afterPcaRoundTripAndVersions() throws Exception {
        FloatMatrix x = PreprocessingTest.data(11, 240, 8);
        Pipeline p = new Pipeline("d", new Preprocessing(Scaler.STANDARD, Pca.components(3), Scaler.L2),
                new Clustering("kmeans", 4, 0));
        FittedPipeline f = p.fit(x, "test", Progress.NONE);
        assertEquals("l2", p.config().get("after_pca"));
        f.save(dir.resolve("p"));
        assertTrue(java.nio.file.Files.isDirectory(dir.resolve("p/after")));
        assertArrayEquals(f.predict(x), FittedPipeline.load(dir.resolve("p")).predict(x));
        assertArrayEquals(f.labels(), f.predict(x), "the fit rows go to their own clusters");

        FittedPipeline plain = new Pipeline("d", new Preprocessing(Scaler.STANDARD, Pca.components(3)),
                new Clustering("kmeans", 4, 0)).fit(x, "test", Progress.NONE);
        plain.save(dir.resolve("v1"));
        ObjectNode m = (ObjectNode) ModelStore.readManifest(dir.resolve("v1"), FittedPipeline.KIND);
        m.remove("pipeline_version");
        ModelStore.writeManifest(dir.resolve("v1"), m);
        assertArrayEquals(plain.predict(x), FittedPipeline.load(dir.resolve("v1")).predict(x));

        m.put("pipeline_version", FittedPipeline.PIPELINE_VERSION + 1);
        ModelStore.writeManifest(dir.resolve("v1"), m);
        String msg = assertThrows(DescryException.class, () -> FittedPipeline.load(dir.resolve("v1"))).getMessage();
        assertTrue(msg.contains("pipeline version 3 is newer than this Descry reads (2)"), msg);
    }
}
