package org.descry.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.descry.data.DescryException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageArchiveTest {

    @TempDir
    Path dir;
    Path zip;

    @BeforeEach
    void makeZip() throws Exception {
        zip = dir.resolve("cars.zip");
        try (OutputStream f = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(f)) {
            z.putNextEntry(new ZipEntry("veriwild/"));
            put(z, "veriwild/1/00001/000001.jpg", image(40, 20, Color.RED), "jpg");
            put(z, "veriwild/1/00001/000002.png", image(30, 30, Color.BLUE), "png");
            z.putNextEntry(new ZipEntry("veriwild/1/00001/broken.jpg"));
            z.write(new byte[] {1, 2, 3});
        }
    }

    private static BufferedImage image(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static void put(ZipOutputStream z, String name, BufferedImage img, String format) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, format, b);
        z.putNextEntry(new ZipEntry(name));
        z.write(b.toByteArray());
    }

    @Test
    void findsWindowsPathsWithAndWithoutTopFolder() throws Exception {
        try (ImageArchive a = ImageArchive.open(zip)) {
            assertEquals(3, a.entryCount());
            assertEquals("veriwild/1/00001/000001.jpg", a.entryName("veriwild\\1\\00001\\000001.jpg"));
            assertEquals("veriwild/1/00001/000001.jpg", a.entryName("1\\00001\\000001.jpg"));
            assertEquals("veriwild/1/00001/000002.png", a.entryName("other\\1\\00001\\000002.png"));
            assertFalse(a.contains("veriwild\\9\\00001\\000001.jpg"));
            BufferedImage img = a.read("veriwild\\1\\00001\\000001.jpg");
            assertEquals(40, img.getWidth());
            Color c = new Color(img.getRGB(20, 10));
            assertTrue(c.getRed() > 200 && c.getBlue() < 60, c.toString());
            BufferedImage t = a.thumbnail("veriwild\\1\\00001\\000002.png", 10, 8);
            assertEquals(8, t.getWidth());
            assertEquals(8, t.getHeight());
        }
    }

    @Test
    void missingAndBrokenImagesNameThePath() throws Exception {
        try (ImageArchive a = ImageArchive.open(zip)) {
            DescryException e = assertThrows(DescryException.class, () -> a.read("veriwild\\1\\00001\\nope.jpg"));
            assertTrue(e.getMessage().contains("cars.zip") && e.getMessage().contains("nope.jpg"), e.getMessage());
            DescryException b = assertThrows(DescryException.class, () -> a.read("veriwild\\1\\00001\\broken.jpg"));
            assertTrue(b.getMessage().contains("broken.jpg"), b.getMessage());
        }
    }

    @Test
    void notAZipIsAClearError() throws Exception {
        Path f = dir.resolve("fake.zip");
        Files.writeString(f, "hello");
        DescryException e = assertThrows(DescryException.class, () -> ImageArchive.open(f));
        assertTrue(e.getMessage().contains("fake.zip") && e.getMessage().contains("zip"), e.getMessage());
    }
}
