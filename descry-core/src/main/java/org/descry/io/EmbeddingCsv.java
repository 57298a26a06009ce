package org.descry.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;

/**
 * A 2-D or 3-D embedding of a case's images as {@code path,x,y[,z]}: one row per image, paths exactly as in
 * {@code images_paths.csv}, so it joins with {@code path,cluster} files by path.
 *
 * @param paths image paths
 * @param x     first coordinate per path
 * @param y     second coordinate per path
 * @param z     third coordinate per path, or {@code null} for a 2-D embedding
 */
public record EmbeddingCsv(List<String> paths, float[] x, float[] y, float[] z) {

    public EmbeddingCsv {
        paths = List.copyOf(paths);
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != paths.size() || y.length != paths.size() || (z != null && z.length != paths.size())) {
            throw new IllegalArgumentException("paths and coordinates differ in length");
        }
    }

    /** The embedding of {@code paths} with coordinates the rows of {@code coords} (2 or 3 columns). */
    public static EmbeddingCsv of(List<String> paths, FloatMatrix coords) {
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(coords, "coords");
        if (coords.cols() != 2 && coords.cols() != 3) {
            throw new IllegalArgumentException("an embedding has 2 or 3 columns, got " + coords.cols());
        }
        if (coords.rows() != paths.size()) {
            throw new IllegalArgumentException("coords has " + coords.rows() + " rows, paths " + paths.size());
        }
        int n = coords.rows();
        float[] x = new float[n];
        float[] y = new float[n];
        float[] z = coords.cols() == 3 ? new float[n] : null;
        for (int r = 0; r < n; r++) {
            x[r] = coords.get(r, 0);
            y[r] = coords.get(r, 1);
            if (z != null) {
                z[r] = coords.get(r, 2);
            }
        }
        return new EmbeddingCsv(paths, x, y, z);
    }

    /** 2 or 3. */
    public int dims() {
        return z == null ? 2 : 3;
    }

    /** Writes {@code path,x,y[,z]} atomically; floats in their shortest exact decimal form. */
    public void write(Path file) throws IOException {
        AtomicWrite.write(file, raw -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16);
            w.write(z == null ? "path,x,y\n" : "path,x,y,z\n");
            for (int r = 0; r < x.length; r++) {
                w.write(Csv.quote(paths.get(r)));
                w.write(',');
                w.write(Float.toString(x[r]));
                w.write(',');
                w.write(Float.toString(y[r]));
                if (z != null) {
                    w.write(',');
                    w.write(Float.toString(z[r]));
                }
                w.write('\n');
            }
            w.flush();
        });
    }

    /** Reads {@code path,x,y} or {@code path,x,y,z}; every coordinate must be a finite number. */
    public static EmbeddingCsv read(Path file) throws IOException {
        Csv.Table t = Csv.read(file);
        int pc = t.column("path");
        int xc = t.column("x");
        int yc = t.column("y");
        int zc = t.header().indexOf("z");
        int n = t.rows().size();
        if (n == 0) {
            throw new DescryException(file + ": no rows");
        }
        List<String> paths = new ArrayList<>(n);
        float[] x = new float[n];
        float[] y = new float[n];
        float[] z = zc >= 0 ? new float[n] : null;
        for (int i = 0; i < n; i++) {
            String[] r = t.rows().get(i);
            paths.add(r[pc]);
            x[i] = number(r[xc], file, i, "x");
            y[i] = number(r[yc], file, i, "y");
            if (z != null) {
                z[i] = number(r[zc], file, i, "z");
            }
        }
        return new EmbeddingCsv(paths, x, y, z);
    }

    private static float number(String s, Path file, int row, String column) {
        float v;
        try {
            v = Float.parseFloat(s.trim());
        } catch (NumberFormatException e) {
            throw new DescryException(file + ": line " + (row + 2) + ": " + column + " '" + s + "' is not a number");
        }
        if (!Float.isFinite(v)) {
            throw new DescryException(file + ": line " + (row + 2) + ": " + column + " is " + s + ", not a finite number");
        }
        return v;
    }
}
