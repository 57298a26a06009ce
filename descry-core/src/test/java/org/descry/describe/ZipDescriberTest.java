package org.descry.describe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipDescriberTest {

    @TempDir
    Path tmp;

    private static byte[] image(String format, long seed, int w, int h) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int c = rnd.nextInt(1 << 24);
        for (int y = h / 4; y < 3 * h / 4; y++) {
            for (int x = w / 4; x < 3 * w / 4; x++) {
                img.setRGB(x, y, c);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out));
        return out.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    /** A zip with images in a deliberately unsorted order, plus entries that are not images or are broken. */
    private Path mixedZip() throws IOException {
        Path zip = tmp.resolve("cam.zip");
        try (OutputStream f = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(f)) {
            z.putNextEntry(new ZipEntry("cam/"));
            z.closeEntry();
            entry(z, "cam/b/2.jpg", image("jpg", 1, 96, 64));
            entry(z, "cam/a/1.PNG", image("png", 2, 40, 50));
            entry(z, "cam/notes.txt", "hello".getBytes(StandardCharsets.UTF_8));
            entry(z, "cam/broken.jpg", new byte[] {1, 2, 3, 4, 5});
            entry(z, "__MACOSX/cam/._2.jpg", new byte[] {0, 5, 22, 7});
            entry(z, "cam/a,comma.jpeg", image("jpg", 3, 1200, 900));
        }
        return zip;
    }

    @Test
    void describesImagesInZipOrderAndListsTheUndecodable() throws IOException {
        List<String> warnings = new ArrayList<>();
        List<Long> progress = new ArrayList<>();
        Path out = tmp.resolve("case");
        ZipDescriber.Result r = new ZipDescriber(Descriptors.standard(), 2)
                .writeCase(mixedZip(), out, (done, total) -> progress.add(done * 1000 + total), warnings::add);

        assertEquals(List.of("cam/b/2.jpg", "cam/a/1.PNG", "cam/a,comma.jpeg"), r.entryNames());
        assertEquals(1, r.skipped().size());
        assertEquals("cam/broken.jpg", r.skipped().getFirst().entryName());
        assertEquals(1, warnings.size());
        assertTrue(warnings.getFirst().startsWith("cam/broken.jpg: cannot decode"), warnings.getFirst());
        assertEquals(List.of(4004L), progress);

        assertEquals("paths\ncam\\b\\2.jpg\ncam\\a\\1.PNG\n\"cam\\a,comma.jpeg\"\n",
                Files.readString(out.resolve(CaseFiles.IMAGES_PATHS)));
        assertTrue(Files.readString(out.resolve(ZipDescriber.SKIPPED)).startsWith("paths,reason\ncam\\broken.jpg,"));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("cam.zip")),
                Files.readAllBytes(out.resolve("row_data/cam.zip")));
        for (String name : Descriptors.NAMES) {
            FloatMatrix m = r.sets().get(name);
            assertEquals(3, m.rows(), name);
            long expected = NUMPY_PICKLE_OVERHEAD + 4L * m.rows() * m.cols();
            assertEquals(expected, Files.size(out.resolve("descriptors/" + name + ".pickle")), name);
        }
    }

    /** The bytes of a pickle besides the array itself, as NumpyWriter writes it for a small shape. */
    private static final long NUMPY_PICKLE_OVERHEAD = pickleOverhead();

    private static long pickleOverhead() {
        try {
            Path f = Files.createTempFile("overhead", ".pickle");
            org.descry.io.NumpyWriter.writePickle(f, FloatMatrix.zeros(3, 1));
            long size = Files.size(f) - 12;
            Files.delete(f);
            return size;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSameImageGetsTheSameRowWhateverItsNeighbours() throws IOException {
        Path zip = mixedZip();
        Map<String, FloatMatrix> one = new ZipDescriber(Descriptors.standard(), 1)
                .describe(zip, (d, t) -> { }, w -> { }).sets();
        Map<String, FloatMatrix> two = new ZipDescriber(Descriptors.standard(), 2)
                .describe(zip, (d, t) -> { }, w -> { }).sets();
        for (String name : Descriptors.NAMES) {
            assertArrayEquals(one.get(name).toArray(), two.get(name).toArray(), name);
        }
    }

    @Test
    void aRerunWithoutBrokenImagesRemovesTheStaleSkippedList() throws IOException {
        Path out = tmp.resolve("case");
        ZipDescriber d = new ZipDescriber(List.of(new PixelsDescriptor(4)), 1);
        d.writeCase(mixedZip(), out, (a, b) -> { }, w -> { });
        assertTrue(Files.exists(out.resolve(ZipDescriber.SKIPPED)));
        Path clean = tmp.resolve("clean.zip");
        try (OutputStream f = Files.newOutputStream(clean); ZipOutputStream z = new ZipOutputStream(f)) {
            entry(z, "x.png", image("png", 9, 8, 8));
        }
        d.writeCase(clean, out, (a, b) -> { }, w -> { });
        assertFalse(Files.exists(out.resolve(ZipDescriber.SKIPPED)));
        assertEquals("paths\nx.png\n", Files.readString(out.resolve(CaseFiles.IMAGES_PATHS)));
    }

    @Test
    void zipsWithoutImagesAndNonZipsAreUserErrors() throws IOException {
        Path empty = tmp.resolve("empty.zip");
        try (OutputStream f = Files.newOutputStream(empty); ZipOutputStream z = new ZipOutputStream(f)) {
            entry(z, "readme.txt", new byte[] {65});
        }
        ZipDescriber d = ZipDescriber.standard();
        DescryException e = assertThrows(DescryException.class, () -> d.describe(empty, (a, b) -> { }, w -> { }));
        assertTrue(e.getMessage().contains("no .jpg"), e.getMessage());

        Path text = tmp.resolve("text.zip");
        Files.writeString(text, "not a zip");
        e = assertThrows(DescryException.class, () -> d.describe(text, (a, b) -> { }, w -> { }));
        assertTrue(e.getMessage().contains("not a zip"), e.getMessage());

        Path broken = tmp.resolve("broken.zip");
        try (OutputStream f = Files.newOutputStream(broken); ZipOutputStream z = new ZipOutputStream(f)) {
            entry(z, "a.jpg", new byte[] {9, 9, 9});
        }
        e = assertThrows(DescryException.class, () -> d.describe(broken, (a, b) -> { }, w -> { }));
        assertTrue(e.getMessage().contains("none of its 1 images"), e.getMessage());
    }

    @Test
    void argumentsAndNamesAreChecked() {
        assertTrue(ZipDescriber.isImageEntry("a/b.JPG"));
        assertFalse(ZipDescriber.isImageEntry("a/._b.jpg"));
        assertFalse(ZipDescriber.isImageEntry("a/b.gif"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ZipDescriber(Descriptors.standard(), 0));
        assertTrue(e.getMessage().contains("threads") && e.getMessage().contains("0"));
        DescryException u = assertThrows(DescryException.class, () -> Descriptors.byNames(List.of("hog", "osnet")));
        assertTrue(u.getMessage().contains("osnet") && u.getMessage().contains("randconv"), u.getMessage());
        assertThrows(DescryException.class, () -> Descriptors.byNames(List.of("hog", "hog")));
        assertEquals(List.of("color", "hog"), Descriptors.byNames(List.of("color", "hog")).stream()
                .map(ImageDescriptor::name).toList());
    }
}
