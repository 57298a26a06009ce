package org.descry.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyWriter;
import org.descry.linalg.Kernels;

/**
 * Writes a case folder with the reference input's shapes (416,314 rows; {@code efficientnet-b7} 2560 wide,
 * {@code osnet} 512, {@code vdc_color} 128, {@code vdc_type} 512; {@code images_paths.csv} in the archive's
 * {@code veriwild\1\00001\000001.jpg} form; {@code labels.csv} with the planted truth) for the full-size study
 * benchmark. There is no image zip: image grids show marked empty tiles.
 *
 * <p>Each row has a planted type (10), colour (8) and view (2). A set's row is {@code W z + noise}: {@code z} is a
 * low-dimensional latent vector (class centres of the attributes the set sees plus a per-row Gaussian), {@code W}
 * a fixed random map with decaying column scales, so PCA to 90% keeps tens to a few hundred components as on
 * real CNN embeddings rather than nearly all of them as isotropic noise would. {@code vdc_type} sees type and
 * view, {@code vdc_color} colour, {@code osnet} all three weakly, {@code efficientnet-b7} type weakly. Rows are
 * made in blocks through the product kernel and streamed to the pickles, so memory stays small.
 *
 * <p>Usage: {@code SyntheticCase --out DIR [--rows 416314] [--seed 0] [--row-seed S]} (other rows of the same
 * clusters).
 */
public final class SyntheticCase {

    private record SetSpec(String name, int width, int latent, double type, double colour, double view) {}

    private static final SetSpec[] SETS = {
        new SetSpec("efficientnet-b7", 2560, 256, 1.0, 0.3, 0.3),
        new SetSpec("osnet", 512, 96, 0.8, 0.8, 0.8),
        new SetSpec("vdc_color", 128, 32, 0.2, 3.0, 0.1),
        new SetSpec("vdc_type", 512, 64, 3.0, 0.2, 2.0),
    };

    private static final int TYPES = 10;
    private static final int COLOURS = 8;
    private static final int BLOCK = 4096;

    private SyntheticCase() {}

    public static void main(String[] args) throws IOException {
        Path out = null;
        int rows = 416_314;
        long seed = 0;
        Long rowSeed = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--row-seed" -> rowSeed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        write(out, rows, seed, rowSeed == null ? seed : rowSeed);
    }

    /** Writes the case into {@code dir}. */
    public static void write(Path dir, int rows, long seed) throws IOException {
        write(dir, rows, seed, seed);
    }

    /**
     * Writes the case into {@code dir}: the maps and class centres from {@code seed}, the rows (their classes and
     * noise) from {@code rowSeed}. Two cases of one {@code seed} and different row seeds are new rows of the same
     * clusters, as a training case and the case it labels; {@code rowSeed == seed} is {@link #write(Path, int,
     * long)}'s case.
     */
    public static void write(Path dir, int rows, long seed, long rowSeed) throws IOException {
        Files.createDirectories(dir.resolve("descriptors"));
        SplittableRandom r = new SplittableRandom(seed);
        int[] type = new int[rows];
        int[] colour = new int[rows];
        int[] view = new int[rows];
        for (int i = 0; i < rows; i++) {
            type[i] = r.nextInt(TYPES);
            colour[i] = r.nextInt(COLOURS);
            view[i] = r.nextInt(2);
        }
        SplittableRandom own = rowSeed == seed ? null : new SplittableRandom(rowSeed);
        if (own != null) {
            for (int i = 0; i < rows; i++) {
                type[i] = own.nextInt(TYPES);
                colour[i] = own.nextInt(COLOURS);
                view[i] = own.nextInt(2);
            }
        }
        writeTables(dir, rows, type, colour, view);
        for (SetSpec s : SETS) {
            long t0 = System.nanoTime();
            writeSet(dir.resolve("descriptors").resolve(s.name() + ".pickle"), s, rows, type, colour, view,
                    r.split(), own == null ? null : own.split());
            System.out.printf(Locale.ROOT, "%s: %,d x %d in %.1f s%n", s.name(), rows, s.width(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    private static void writeTables(Path dir, int rows, int[] type, int[] colour, int[] view) throws IOException {
        try (BufferedWriter p = Files.newBufferedWriter(dir.resolve("images_paths.csv"), StandardCharsets.UTF_8);
             BufferedWriter l = Files.newBufferedWriter(dir.resolve("labels.csv"), StandardCharsets.UTF_8)) {
            p.write("paths\n");
            l.write("paths,item,type,colour,view,outlier\n");
            for (int i = 0; i < rows; i++) {
                int item = i / 4 + 1;
                String path = String.format(Locale.ROOT, "veriwild\\%d\\%05d\\%06d.jpg", item % 40 + 1, item, i + 1);
                p.write(path);
                p.write('\n');
                l.write(path + "," + item + ",t" + type[i] + ",c" + colour[i] + "," + (view[i] == 0 ? "front"
                        : "rear") + ",\n");
            }
        }
    }

    private static void writeSet(Path file, SetSpec s, int rows, int[] type, int[] colour, int[] view,
                                 SplittableRandom r, SplittableRandom rowNoise) throws IOException {
        int q = s.latent();
        float[] w = new float[s.width() * q];
        for (int j = 0; j < s.width(); j++) {
            for (int c = 0; c < q; c++) {
                w[j * q + c] = (float) (r.nextGaussian() / Math.sqrt(1 + c) / Math.sqrt(q));
            }
        }
        FloatMatrix map = FloatMatrix.wrap(w, s.width(), q);
        float[] typeCentres = centres(r, TYPES, q, s.type());
        float[] colourCentres = centres(r, COLOURS, q, s.colour());
        float[] viewCentres = centres(r, 2, q, s.view());
        Kernels kernels = Kernels.best();
        float[] block = new float[BLOCK * s.width()];
        int[] blockStart = {-1};
        SplittableRandom structureNoise = r.split();
        SplittableRandom noise = rowNoise != null ? rowNoise : structureNoise;
        NumpyWriter.writePickle(file, rows, s.width(), (row, dst) -> {
            int start = row / BLOCK * BLOCK;
            if (start != blockStart[0]) {
                int n = Math.min(BLOCK, rows - start);
                float[] z = new float[n * q];
                for (int i = 0; i < n; i++) {
                    int g = start + i;
                    for (int c = 0; c < q; c++) {
                        z[i * q + c] = (float) (typeCentres[type[g] * q + c] + colourCentres[colour[g] * q + c]
                                + viewCentres[view[g] * q + c] + noise.nextGaussian());
                    }
                }
                FloatMatrix x = kernels.multiplyTransposed(FloatMatrix.wrap(z, n, q), map);
                x.copyRows(0, n, block, 0);
                for (int i = 0; i < n * s.width(); i++) {
                    block[i] += (float) (0.05 * noise.nextGaussian());
                }
                blockStart[0] = start;
            }
            System.arraycopy(block, (row - start) * s.width(), dst, 0, s.width());
        });
    }

    private static float[] centres(SplittableRandom r, int classes, int q, double scale) {
        float[] c = new float[classes * q];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) (scale * r.nextGaussian());
        }
        return c;
    }
}
