package org.descry.demo;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.descry.data.Progress;
import org.descry.describe.CaseFiles;
import org.descry.describe.DescriptorTable;
import org.descry.describe.Descriptors;
import org.descry.describe.ImageDescriptor;
import org.descry.describe.Images;
import org.descry.describe.Workers;
import org.descry.io.AtomicWrite;

/**
 * Draws a labelled demo case of road-camera vehicle images in the layout of the reference case
 * ({@link CaseFiles}): {@code row_data/demo.zip}, {@code images_paths.csv}, {@code labels.csv} and the four
 * standard descriptor sets, so every step of Descry can be shown and checked without real data.
 *
 * <p>What the images show is decided first, sequentially from the seed ({@link CasePlan}); then chunks of rows
 * are drawn ({@link SceneRenderer}), JPEG-encoded, decoded again and described on worker threads, as a user's
 * pipeline would describe the files it was given, not the pristine drawings; each chunk is then appended to
 * the zip in row order. The same configuration gives byte-identical files on the same JDK: all randomness is
 * derived from the seed, the zip entries are stored with a fixed timestamp, and the JPEG encoder is
 * deterministic.
 */
public final class CaseGenerator {

    /** The top folder inside the zip and the zip's name stem. */
    public static final String ROOT = "demo";
    public static final String ZIP_NAME = ROOT + ".zip";

    private static final int CHUNK = 128;
    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(2025, 1, 1, 0, 0);

    /**
     * How to draw a case.
     *
     * @param seed        everything random derives from it
     * @param images      the number of images, 1 to 999,999
     * @param folders     the number of top folders (camera sites) the items are spread over, >= 1
     * @param width       image width in pixels, 24 to 1024 (the scenes are designed at 96 x 64)
     * @param height      image height in pixels, 16 to 1024
     * @param outlierRate the fraction of bad images, in [0, 0.5]
     * @param jpegQuality JPEG quality in percent, 10 to 100
     * @param threads     worker threads, >= 1
     */
    public record Config(long seed, int images, int folders, int width, int height, double outlierRate,
                         int jpegQuality, int threads) {

        public Config {
            check(images >= 1 && images <= 999_999, "images must be in [1, 999999], got " + images);
            check(folders >= 1, "folders must be >= 1, got " + folders);
            check(width >= 24 && width <= 1024, "width must be in [24, 1024], got " + width);
            check(height >= 16 && height <= 1024, "height must be in [16, 1024], got " + height);
            check(outlierRate >= 0 && outlierRate <= 0.5, "outlierRate must be in [0, 0.5], got " + outlierRate);
            check(jpegQuality >= 10 && jpegQuality <= 100, "jpegQuality must be in [10, 100], got " + jpegQuality);
            check(threads >= 1, "threads must be >= 1, got " + threads);
        }

        /** 96 x 64 JPEGs at quality 80, 3% bad images, 10 folders, one thread per processor. */
        public static Config defaults(long seed, int images) {
            return new Config(seed, images, 10, 96, 64, 0.03, 80, Workers.defaultThreads());
        }

        public Config withThreads(int n) {
            return new Config(seed, images, folders, width, height, outlierRate, jpegQuality, n);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /** What was written: the folder, row count, item count, bad-image count and descriptor set names. */
    public record Summary(Path dir, int images, int items, int outliers, List<String> descriptors) {}

    private final Config config;
    private final List<ImageDescriptor> descriptors;

    public CaseGenerator(Config config) {
        this(config, Descriptors.standard());
    }

    public CaseGenerator(Config config, List<ImageDescriptor> descriptors) {
        this.config = Objects.requireNonNull(config, "config");
        this.descriptors = List.copyOf(Objects.requireNonNull(descriptors, "descriptors"));
    }

    /**
     * Writes the case into {@code dir} (created if needed; files of the layout are replaced, others left alone)
     * and reports progress once per chunk of images.
     */
    public Summary generate(Path dir, Progress progress) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(progress, "progress");
        List<CasePlan.Row> rows = CasePlan.build(config);
        int n = rows.size();
        DescriptorTable table = new DescriptorTable(descriptors, n);
        Files.createDirectories(dir);
        try (Workers workers = new Workers(config.threads())) {
            AtomicWrite.write(dir.resolve(CaseFiles.ROW_DATA).resolve(ZIP_NAME), out -> {
                try (ZipOutputStream zip = new ZipOutputStream(out)) {
                    byte[][] jpegs = new byte[CHUNK][];
                    for (int from = 0; from < n; from += CHUNK) {
                        int start = from;
                        int to = Math.min(n, from + CHUNK);
                        workers.forEach(from, to, i -> {
                            BufferedImage drawn = SceneRenderer.render(rows.get(i).scene(), config.width(),
                                    config.height());
                            try {
                                byte[] jpeg = jpeg(drawn, config.jpegQuality());
                                table.describe(i, Images.decode(jpeg));
                                jpegs[i - start] = jpeg;
                            } catch (IOException e) {
                                throw new UncheckedIOException(rows.get(i).entryName() + ": " + e.getMessage(), e);
                            }
                        });
                        for (int i = from; i < to; i++) {
                            store(zip, rows.get(i).entryName(), jpegs[i - from]);
                        }
                        progress.step(to, n);
                    }
                }
            });
        }
        List<String> names = new ArrayList<>(n);
        StringBuilder labels = new StringBuilder(n * 48).append("paths,item,type,colour,view,outlier\n");
        int outliers = 0;
        for (CasePlan.Row r : rows) {
            names.add(r.entryName());
            labels.append(CaseFiles.csvPath(r.entryName())).append(',').append(r.csvLabels()).append('\n');
            if (r.scene().outlier() != null) {
                outliers++;
            }
        }
        CaseFiles.writeDescriptors(dir, table.sets());
        CaseFiles.writeImagesPaths(dir, names);
        AtomicWrite.writeString(dir.resolve(CaseFiles.LABELS), labels.toString());
        return new Summary(dir, n, rows.getLast().item(), outliers,
                descriptors.stream().map(ImageDescriptor::name).toList());
    }

    /** A stored (uncompressed, as JPEG does not compress further) entry with a fixed timestamp. */
    private static void store(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTimeLocal(ZIP_TIME);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    static byte[] jpeg(BufferedImage img, int quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(img, null, null), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }
}
