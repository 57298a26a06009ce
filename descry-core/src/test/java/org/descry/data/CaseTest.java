package org.descry.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.descry.io.NumpyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseTest {

    @TempDir
    Path dir;

    private void paths(int n) throws Exception {
        StringBuilder sb = new StringBuilder("paths\n");
        for (int i = 0; i < n; i++) {
            sb.append("demo\\1\\00001\\").append(String.format("%06d", i + 1)).append(".jpg\n");
        }
        Files.writeString(dir.resolve("images_paths.csv"), sb.toString());
    }

    private FloatMatrix write(String name, int rows, int cols) throws Exception {
        Files.createDirectories(dir.resolve("descriptors"));
        FloatMatrix m = FloatMatrix.zeros(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m.set(r, c, r * 10 + c);
            }
        }
        NumpyWriter.writePickle(dir.resolve("descriptors").resolve(name), m);
        return m;
    }

    private String error() {
        return assertThrows(DescryException.class, () -> Case.open(dir)).getMessage();
    }

    @Test
    void opensAndMapsDescriptors() throws Exception {
        paths(5);
        write("hog.pickle", 5, 3);
        write("color.pickle", 5, 2);
        try (Case c = Case.open(dir)) {
            assertEquals(List.of("color", "hog"), c.descriptorNames());
            assertEquals(5, c.rows());
            FloatMatrix hog = c.descriptor("hog");
            assertEquals(42f, hog.get(4, 2));
            assertEquals("demo\\1\\00001\\000005.jpg", c.paths().get(4));
            assertTrue(assertThrows(DescryException.class, () -> c.descriptor("osnet")).getMessage()
                    .contains("sets: color, hog"));
            assertTrue(assertThrows(DescryException.class, c::images).getMessage().contains("row_data"));
        }
    }

    @Test
    void rowCountMismatchNamesBothCounts() throws Exception {
        paths(5);
        write("hog.pickle", 4, 3);
        String m = error();
        assertTrue(m.contains("hog.pickle has 4 rows") && m.contains("images_paths.csv has 5"), m);
    }

    @Test
    void missingPiecesAreNamed() throws Exception {
        assertTrue(error().contains("images_paths.csv"));
        Files.writeString(dir.resolve("images_paths.csv"), "path\nx\n");
        assertTrue(error().contains("no column 'paths'"));
        paths(2);
        assertTrue(error().contains("descriptors"));
        Files.createDirectories(dir.resolve("descriptors"));
        assertTrue(error().contains("no descriptor files"));
        write("empty.pickle", 2, 0);
        assertTrue(error().contains("empty"), error());
    }

    @Test
    void selectKeepsTheChosenRowsOfEverySetAndAfterDroppedRows() throws Exception {
        paths(6);
        write("hog.pickle", 6, 3);
        FloatMatrix col = FloatMatrix.fromRows(new float[][] {{0}, {Float.NaN}, {2}, {3}, {4}, {5}});
        NumpyWriter.writeNpy(dir.resolve("descriptors/color.npy"), col);
        try (Case c = Case.open(dir, new Case.Options(true), Progress.NONE)) {
            assertEquals(5, c.rows());
            Case s = c.select(new int[] {1, 3, 4});
            assertEquals(3, s.rows());
            assertEquals(List.of("demo\\1\\00001\\000003.jpg", "demo\\1\\00001\\000005.jpg",
                    "demo\\1\\00001\\000006.jpg"), s.paths());
            assertEquals(40f, s.descriptor("hog").get(1, 0));
            assertEquals(5f, s.descriptor("color").get(2, 0));
            assertEquals("all", Case.open(dir).selectionKey());
            assertTrue(!s.selectionKey().equals(c.select(new int[] {0, 3, 4}).selectionKey()));
            assertEquals("rows must be strictly increasing indices in [0, 5), got 3 after 4",
                    assertThrows(DescryException.class, () -> c.select(new int[] {4, 3})).getMessage());
            assertEquals("rows must be strictly increasing indices in [0, 5), got 5",
                    assertThrows(DescryException.class, () -> c.select(new int[] {5})).getMessage());
        }
    }

    @Test
    void nonFiniteRowsAreAnErrorOrDroppedEverywhere() throws Exception {
        paths(4);
        FloatMatrix hog = FloatMatrix.fromRows(new float[][] {{1, 2}, {Float.NaN, 0}, {3, 4}, {5, 6}});
        FloatMatrix col = FloatMatrix.fromRows(new float[][] {{1}, {2}, {3}, {Float.POSITIVE_INFINITY}});
        Files.createDirectories(dir.resolve("descriptors"));
        NumpyWriter.writePickle(dir.resolve("descriptors/hog.pickle"), hog);
        NumpyWriter.writeNpy(dir.resolve("descriptors/color.npy"), col);
        try (Case c = Case.open(dir)) {
            String m = assertThrows(DescryException.class, () -> c.descriptor("hog")).getMessage();
            assertTrue(m.contains("hog.pickle: 1 rows hold NaN or Inf (first: row 1"), m);
        }
        try (Case c = Case.open(dir, new Case.Options(true), Progress.NONE)) {
            assertEquals(2, c.rows());
            assertEquals(2, c.droppedCount());
            assertEquals(List.of("demo\\1\\00001\\000001.jpg", "demo\\1\\00001\\000003.jpg"), c.paths());
            assertEquals(3f, c.descriptor("hog").get(1, 0));
            assertEquals(3f, c.descriptor("color").get(1, 0));
        }
    }

    @Test
    void readsTheFashionCase() throws Exception {
        Path fashion = org.descry.io.SharedData.fashionCase();
        try (Case c = Case.open(fashion)) {
            assertEquals(List.of("color", "hog", "pixels", "randconv"), c.descriptorNames());
            assertEquals(8240, c.rows());
            assertEquals(68, c.descriptor("color").cols());
            assertEquals(324, c.descriptor("hog").cols());
            assertEquals(1024, c.descriptor("pixels").cols());
            assertEquals(256, c.descriptor("randconv").cols());
            for (String p : List.of(c.paths().getFirst(), c.paths().getLast())) {
                assertTrue(c.images().contains(p), p);
                assertEquals(64, c.images().read(p).getWidth());
            }
        }
    }
}
