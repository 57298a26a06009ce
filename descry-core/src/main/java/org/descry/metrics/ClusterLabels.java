package org.descry.metrics;

import java.util.Arrays;
import org.descry.data.DescryException;

/**
 * Labels of arbitrary int values re-coded as {@code 0 .. k-1} in increasing order of value (scikit-learn's
 * {@code LabelEncoder}), with left-out rows coded {@code -1}.
 */
final class ClusterLabels {

    /** Per row: the cluster code, or {@code -1} when the row is left out. */
    final int[] code;
    /** The original label of each code, increasing. */
    final int[] values;
    /** Rows per code. */
    final int[] counts;
    /** Rows not left out. */
    final int kept;

    private ClusterLabels(int[] code, int[] values, int[] counts, int kept) {
        this.code = code;
        this.values = values;
        this.counts = counts;
        this.kept = kept;
    }

    int k() {
        return values.length;
    }

    /** Codes {@code labels}, leaving out rows whose label is {@code skip} (pass {@code null} to keep all). */
    static ClusterLabels of(int[] labels, Integer skip) {
        int n = labels.length;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        int kept = 0;
        for (int v : labels) {
            if (skip != null && v == skip) {
                continue;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
            kept++;
        }
        int[] code = new int[n];
        if (kept == 0) {
            Arrays.fill(code, -1);
            return new ClusterLabels(code, new int[0], new int[0], 0);
        }
        long span = (long) max - min + 1;
        int[] values;
        if (span <= 4L * n + 1024) {
            int[] table = new int[(int) span];
            for (int v : labels) {
                if (skip == null || v != skip) {
                    table[v - min] = 1;
                }
            }
            int k = 0;
            for (int t : table) {
                k += t;
            }
            values = new int[k];
            for (int i = 0, c = 0; i < table.length; i++) {
                if (table[i] != 0) {
                    values[c] = min + i;
                    table[i] = c++;
                }
            }
            for (int r = 0; r < n; r++) {
                int v = labels[r];
                code[r] = skip != null && v == skip ? -1 : table[v - min];
            }
        } else {
            int[] sorted = new int[kept];
            int j = 0;
            for (int v : labels) {
                if (skip == null || v != skip) {
                    sorted[j++] = v;
                }
            }
            Arrays.sort(sorted);
            int k = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (i == 0 || sorted[i] != sorted[i - 1]) {
                    sorted[k++] = sorted[i];
                }
            }
            values = Arrays.copyOf(sorted, k);
            for (int r = 0; r < n; r++) {
                int v = labels[r];
                code[r] = skip != null && v == skip ? -1 : Arrays.binarySearch(values, v);
            }
        }
        int[] counts = new int[values.length];
        for (int c : code) {
            if (c >= 0) {
                counts[c]++;
            }
        }
        return new ClusterLabels(code, values, counts, kept);
    }

    /** Labels of a clustering of {@code rows} rows, noise handled as {@code noise} says. */
    static ClusterLabels clustering(int[] labels, int rows, Noise noise) {
        if (labels == null) {
            throw new DescryException("labels: missing");
        }
        if (labels.length != rows) {
            throw new DescryException("labels: " + labels.length + " values for " + rows + " rows of x");
        }
        if (noise == null) {
            throw new DescryException("noise: missing");
        }
        return of(labels, noise == Noise.EXCLUDE ? Noise.LABEL : null);
    }
}
