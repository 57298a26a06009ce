package org.descry.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;
import org.descry.model.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnnGraphTest {

    static KnnGraph small() {
        // 0 -> 1, 2 ; 1 -> 0, 2 ; 2 -> 3, 1 ; 3 -> 2, 0
        return new KnnGraph(4, 4, 2, new int[] {1, 2, 0, 2, 3, 1, 2, 0}, new float[] {1, 2, 1, 3, 0.5f, 3, 0.5f, 4},
                Metric.EUCLIDEAN, true, true, Provenance.of("test", Map.of(), 0, "hand"));
    }

    @Test
    void csrKeepsTheNeighbourOrder() {
        CsrGraph c = small().toCsr(CsrGraph.Mode.DISTANCE);
        assertArrayEquals(new int[] {0, 2, 4, 6, 8}, c.indptr());
        assertArrayEquals(new int[] {1, 2, 0, 2, 3, 1, 2, 0}, c.indices());
        assertArrayEquals(new float[] {1, 2, 1, 3, 0.5f, 3, 0.5f, 4}, c.data());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, small().toCsr(CsrGraph.Mode.CONNECTIVITY).data());
        assertEquals(8, c.nnz());
    }

    @Test
    void nearestKeepsTheFirstNeighbours() {
        KnnGraph one = small().nearest(1);
        assertEquals(1, one.k());
        assertArrayEquals(new int[] {1, 0, 3, 2}, one.indices());
        assertArrayEquals(new float[] {1, 1, 0.5f, 0.5f}, one.distances());
        KnnGraph g = small();
        assertTrue(g.nearest(2) == g, "all k neighbours: the graph itself");
        assertEquals("m must be in [1, k=2], got 3",
                assertThrows(IllegalArgumentException.class, () -> small().nearest(3)).getMessage());
    }

    @Test
    void symmetrizedIsTheSortedUnion() {
        CsrGraph u = small().symmetrized(CsrGraph.Mode.DISTANCE);
        // edges: 0-1, 0-2, 1-2, 2-3, 0-3
        assertArrayEquals(new int[] {0, 3, 5, 8, 10}, u.indptr());
        assertArrayEquals(new int[] {1, 2, 3, 0, 2, 0, 1, 3, 0, 2}, u.indices());
        assertArrayEquals(new float[] {1, 2, 4, 1, 3, 2, 3, 0.5f, 4, 0.5f}, u.data());
        CsrGraph c = small().symmetrized();
        assertArrayEquals(u.indices(), c.indices());
        for (float v : c.data()) {
            assertEquals(1f, v);
        }
    }

    @Test
    void queryGraphsAreNotSymmetrized() {
        KnnGraph q = ExactKnn.query(KnnData.gaussian(20, 3, 1), KnnData.gaussian(5, 3, 2), 3);
        assertThrows(IllegalStateException.class, () -> q.symmetrized(CsrGraph.Mode.CONNECTIVITY));
        assertEquals(20, q.toCsr(CsrGraph.Mode.CONNECTIVITY).cols());
    }

    @Test
    void constructorChecksShapeAndIndices() {
        Provenance p = Provenance.of("test", Map.of(), 0, "hand");
        assertThrows(IllegalArgumentException.class,
                () -> new KnnGraph(2, 2, 1, new int[] {1}, new float[] {1}, Metric.EUCLIDEAN, true, true, p));
        IllegalArgumentException self = assertThrows(IllegalArgumentException.class,
                () -> new KnnGraph(2, 2, 1, new int[] {0, 0}, new float[] {1, 1}, Metric.EUCLIDEAN, true, true, p));
        assertTrue(self.getMessage().contains("row 0 lists neighbour 0"), self.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new KnnGraph(2, 2, 1, new int[] {1, 2}, new float[] {1, 1}, Metric.EUCLIDEAN, true, true, p));
    }

    @Test
    void saveAndLoadRoundTripAsNumpyFiles(@TempDir Path dir) throws Exception {
        FloatMatrix x = KnnData.clustered(500, 8, 5, 3);
        KnnGraph g = NnDescent.of(6).withSeed(4).fit(x, "test rows", Progress.NONE);
        Path file = dir.resolve("sub").resolve("knn.npy");
        g.save(file);
        assertTrue(Files.isRegularFile(dir.resolve("sub").resolve("knn-distances.npy")));
        assertTrue(Files.isRegularFile(dir.resolve("sub").resolve("knn.json")));
        NumpyArray idx = NumpyReader.read(file);
        assertEquals(org.descry.io.DType.INT32, idx.dtype());
        assertArrayEquals(new long[] {500, 6}, idx.shape());
        assertEquals(g.neighbour(17, 3), (int) idx.get(17, 3));
        KnnGraph back = KnnGraph.load(file);
        assertArrayEquals(g.indices(), back.indices());
        assertArrayEquals(g.distances(), back.distances());
        assertEquals(Metric.EUCLIDEAN, back.metric());
        assertFalse(back.exact());
        assertTrue(back.selfExcluded());
        assertEquals("nn-descent", back.provenance().algorithm());
        assertEquals("test rows", back.provenance().input());
        assertEquals(4, back.provenance().seed());
    }

    @Test
    void loadRefusesInconsistentFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("knn.npy");
        DescryException none = assertThrows(DescryException.class, () -> KnnGraph.load(file));
        assertTrue(none.getMessage().contains("knn.json"), none.getMessage());
        small().save(file);
        NumpyWriter.writeNpy(file, new int[] {1, 0, 3}, 3, 1);
        DescryException shape = assertThrows(DescryException.class, () -> KnnGraph.load(file));
        assertTrue(shape.getMessage().contains("says 4 x 2"), shape.getMessage());
    }
}
