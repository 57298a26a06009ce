package org.descry.grid;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.io.Csv;

/**
 * Outlier scores of images as an outlier detector writes them: {@code path,score,outlier}, higher scores more
 * unusual, {@code outlier} true where the detector flagged the image (the column may be absent).
 *
 * @param paths   image paths
 * @param scores  one score per path
 * @param flagged one flag per path
 */
public record OutlierScores(List<String> paths, double[] scores, boolean[] flagged) {

    public OutlierScores {
        paths = List.copyOf(paths);
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(flagged, "flagged");
        if (scores.length != paths.size() || flagged.length != paths.size()) {
            throw new IllegalArgumentException("paths, scores and flagged differ in length: " + paths.size() + ", "
                    + scores.length + ", " + flagged.length);
        }
    }

    public static OutlierScores read(Path csv) throws IOException {
        Csv.Table t = Csv.read(csv);
        int pc = t.column("path");
        int sc = t.column("score");
        int oc = t.header().indexOf("outlier");
        int n = t.rows().size();
        if (n == 0) {
            throw new DescryException(csv + ": no rows");
        }
        List<String> paths = new ArrayList<>(n);
        double[] scores = new double[n];
        boolean[] flagged = new boolean[n];
        for (int i = 0; i < n; i++) {
            String[] r = t.rows().get(i);
            paths.add(r[pc]);
            try {
                scores[i] = Double.parseDouble(r[sc].trim());
            } catch (NumberFormatException e) {
                throw new DescryException(csv + ": line " + (i + 2) + ": score '" + r[sc] + "' is not a number");
            }
            if (!Double.isFinite(scores[i])) {
                throw new DescryException(csv + ": line " + (i + 2) + ": score " + r[sc] + " is not finite");
            }
            flagged[i] = oc >= 0 && flag(r[oc], csv, i + 2);
        }
        return new OutlierScores(paths, scores, flagged);
    }

    private static boolean flag(String v, Path csv, int line) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "-1" -> true;
            case "false", "0", "no", "" -> false;
            default -> throw new DescryException(csv + ": line " + line + ": outlier '" + v
                    + "' is not true/false, 1/0 or yes/no");
        };
    }

    /** Number of flagged images. */
    public int flaggedCount() {
        int n = 0;
        for (boolean f : flagged) {
            n += f ? 1 : 0;
        }
        return n;
    }

    /**
     * The indices of the {@code count} highest scores, highest first (ties by index), without sorting boxed
     * numbers: the cut-off score comes from a sorted copy of the scores, only the rows above it are ordered.
     */
    public int[] top(int count) {
        int n = scores.length;
        int m = Math.min(count, n);
        if (m <= 0) {
            return new int[0];
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double cut = sorted[n - m];
        List<Integer> picked = new ArrayList<>(m);
        for (int i = 0; i < n && picked.size() < m; i++) {
            if (scores[i] > cut) {
                picked.add(i);
            }
        }
        for (int i = 0; i < n && picked.size() < m; i++) {
            if (scores[i] == cut) {
                picked.add(i);
            }
        }
        picked.sort((a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : Integer.compare(a, b));
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }
}
