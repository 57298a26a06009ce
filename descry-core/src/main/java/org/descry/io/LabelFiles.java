package org.descry.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.descry.data.DescryException;
import org.descry.metrics.TruthLabels;

/**
 * The {@code path,cluster} files Descry writes and reads, and the truth files ({@code paths,<column>...}) it
 * scores against. Rows are matched by path, so a file may list the case's images in any order.
 */
public final class LabelFiles {

    private LabelFiles() {}

    /** Writes {@code path,cluster} atomically, one row per case row. */
    public static void writeClusters(Path file, List<String> paths, int[] labels) throws IOException {
        if (paths.size() != labels.length) {
            throw new IllegalArgumentException(paths.size() + " paths for " + labels.length + " labels");
        }
        AtomicWrite.write(file, raw -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16);
            Csv.writeRow(w, "path", "cluster");
            for (int r = 0; r < labels.length; r++) {
                Csv.writeRow(w, paths.get(r), Integer.toString(labels[r]));
            }
            w.flush();
        });
    }

    /** The cluster of every case row, from a {@code path,cluster} file that must cover them all. */
    public static int[] clustersByRow(Path file, List<String> paths) throws IOException {
        Csv.Table t = Csv.read(file);
        int pc = t.column("path");
        int cc = t.column("cluster");
        Map<String, Integer> byPath = new HashMap<>(t.rows().size() * 2);
        for (String[] r : t.rows()) {
            try {
                byPath.put(r[pc], Integer.parseInt(r[cc].trim()));
            } catch (NumberFormatException ex) {
                throw new DescryException(file + ": cluster '" + r[cc] + "' of " + r[pc] + " is not an integer");
            }
        }
        int[] out = new int[paths.size()];
        int missing = 0;
        String first = null;
        for (int r = 0; r < out.length; r++) {
            Integer l = byPath.get(paths.get(r));
            if (l == null) {
                missing++;
                first = first == null ? paths.get(r) : first;
            } else {
                out[r] = l;
            }
        }
        if (missing > 0) {
            throw new DescryException(file + ": no cluster for " + missing + " of the case's " + paths.size()
                    + " images (first: " + first + ")");
        }
        return out;
    }

    /** Truth codes by case row from column {@code column} of a file keyed by {@code paths}; absent or empty values are missing. */
    public static int[] truthByRow(Path file, String column, List<String> paths) throws IOException {
        Csv.Table t = Csv.read(file);
        int pc = t.column("paths");
        int vc = t.column(column);
        Map<String, String> byPath = new HashMap<>(t.rows().size() * 2);
        for (String[] r : t.rows()) {
            byPath.put(r[pc], r[vc]);
        }
        String[] values = new String[paths.size()];
        for (int r = 0; r < values.length; r++) {
            values[r] = byPath.get(paths.get(r));
        }
        return TruthLabels.of(values).codes();
    }

    /**
     * Whether each case row has a non-empty value in column {@code column} (an outlier flag such as labels.csv's
     * {@code outlier}); every row must be listed.
     */
    public static boolean[] nonEmptyByRow(Path file, String column, List<String> paths) throws IOException {
        Csv.Table t = Csv.read(file);
        int pc = t.column("paths");
        int vc = t.column(column);
        Map<String, String> byPath = new HashMap<>(t.rows().size() * 2);
        for (String[] r : t.rows()) {
            byPath.put(r[pc], r[vc]);
        }
        boolean[] out = new boolean[paths.size()];
        for (int r = 0; r < out.length; r++) {
            String v = byPath.get(paths.get(r));
            if (v == null) {
                throw new DescryException(file + ": no row for " + paths.get(r));
            }
            out[r] = !v.isBlank();
        }
        return out;
    }

    /**
     * Writes {@code path,score,outlier} atomically (outlier 1 when the score is above {@code threshold}, else 0);
     * returns how many rows were flagged.
     */
    public static int writeOutliers(Path file, List<String> paths, double[] scores, double threshold)
            throws IOException {
        if (paths.size() != scores.length) {
            throw new IllegalArgumentException(paths.size() + " paths for " + scores.length + " scores");
        }
        int[] flagged = {0};
        AtomicWrite.write(file, raw -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16);
            Csv.writeRow(w, "path", "score", "outlier");
            for (int r = 0; r < scores.length; r++) {
                boolean f = scores[r] > threshold;
                flagged[0] += f ? 1 : 0;
                Csv.writeRow(w, paths.get(r), Double.toString(scores[r]), f ? "1" : "0");
            }
            w.flush();
        });
        return flagged[0];
    }
}
