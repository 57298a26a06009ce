package org.descry.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

    @TempDir
    Path dir;

    @Test
    void savesAndReadsManifestArraysAndProvenance() throws Exception {
        Provenance p = Provenance.of("kmeans", Map.of("k", 3, "tol", 1e-4), 7, "hog (10 x 2)");
        ObjectNode m = ModelStore.manifest("kmeans", p);
        m.put("k", 3);
        ModelStore.writeArray(dir, "centres", FloatMatrix.fromRows(new float[][] {{1, 2}, {3, 4}, {5, 6}}));
        ModelStore.writeManifest(dir, m);
        JsonNode back = ModelStore.readManifest(dir, "kmeans");
        assertEquals(3, back.get("k").asInt());
        Provenance q = ModelStore.provenance(back);
        assertEquals(p.seed(), q.seed());
        assertEquals(p.config().get("k"), q.config().get("k"));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, ModelStore.readArray(dir, "centres").toArray());
    }

    @Test
    void refusesOtherKindsFutureVersionsAndMissingParts() throws Exception {
        assertTrue(assertThrows(DescryException.class, () -> ModelStore.readManifest(dir, "pca")).getMessage()
                .contains("not a saved model"));
        ObjectNode m = ModelStore.manifest("pca", Provenance.of("pca", Map.of(), 0, "x"));
        ModelStore.writeManifest(dir, m);
        assertTrue(assertThrows(DescryException.class, () -> ModelStore.readManifest(dir, "kmeans")).getMessage()
                .contains("holds a 'pca' model"));
        assertTrue(assertThrows(DescryException.class, () -> ModelStore.readArray(dir, "components")).getMessage()
                .contains("components.npy is missing"));
        m.put("format_version", ModelStore.FORMAT_VERSION + 1);
        ModelStore.writeManifest(dir, m);
        assertTrue(assertThrows(DescryException.class, () -> ModelStore.readManifest(dir, "pca")).getMessage()
                .contains("newer"));
        Files.writeString(dir.resolve("model.json"), "{oops");
        assertTrue(assertThrows(DescryException.class, () -> ModelStore.readManifest(dir, "pca")).getMessage()
                .contains("not valid JSON"));
    }
}
