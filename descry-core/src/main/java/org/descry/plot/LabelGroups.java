package org.descry.plot;

import java.util.Arrays;
import java.util.Objects;

/**
 * The rows of each distinct label, grouped without boxing: the labels in increasing order (noise, negative, first)
 * and, for each, its rows in increasing order, held in one {@code int[]} with offsets. Legends, cluster
 * centres and per-cluster image grids all read it.
 */
public final class LabelGroups {

    private final int[] labels;
    private final int[] start;
    private final int[] rows;

    private LabelGroups(int[] labels, int[] start, int[] rows) {
        this.labels = labels;
        this.start = start;
        this.rows = rows;
    }

    /** Groups {@code rowLabels} (one label per row, any int values). */
    public static LabelGroups of(int[] rowLabels) {
        Objects.requireNonNull(rowLabels, "labels");
        int[] sorted = rowLabels.clone();
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        int[] labels = Arrays.copyOf(sorted, distinct);
        int[] start = new int[distinct + 1];
        int[] group = new int[rowLabels.length];
        for (int r = 0; r < rowLabels.length; r++) {
            group[r] = Arrays.binarySearch(labels, rowLabels[r]);
            start[group[r] + 1]++;
        }
        for (int g = 0; g < distinct; g++) {
            start[g + 1] += start[g];
        }
        int[] fill = Arrays.copyOf(start, distinct);
        int[] rows = new int[rowLabels.length];
        for (int r = 0; r < rowLabels.length; r++) {
            rows[fill[group[r]]++] = r;
        }
        return new LabelGroups(labels, start, rows);
    }

    /** Number of distinct labels. */
    public int count() {
        return labels.length;
    }

    /** Number of rows in all groups. */
    public int rows() {
        return rows.length;
    }

    /** The label of group {@code g} (groups are in increasing label order). */
    public int label(int g) {
        return labels[g];
    }

    /** Rows with the label of group {@code g}. */
    public int size(int g) {
        return start[g + 1] - start[g];
    }

    /** The {@code i}-th row (in increasing order) of group {@code g}. */
    public int member(int g, int i) {
        if (i < 0 || i >= size(g)) {
            throw new IndexOutOfBoundsException("member " + i + " of a group of " + size(g));
        }
        return rows[start[g] + i];
    }

    /** The rows of group {@code g}, increasing (a copy). */
    public int[] members(int g) {
        return Arrays.copyOfRange(rows, start[g], start[g + 1]);
    }

    /** The group of {@code label}, or -1 when no row has it. */
    public int groupOf(int label) {
        int g = Arrays.binarySearch(labels, label);
        return g < 0 ? -1 : g;
    }

    /** Groups with a non-negative label (clusters, noise left out). */
    public int clusterCount() {
        int n = 0;
        for (int l : labels) {
            n += l >= 0 ? 1 : 0;
        }
        return n;
    }
}
