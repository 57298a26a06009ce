package org.descry.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A labelling read as text (a column of {@code labels.csv}) coded as ints for the external metrics, with empty
 * values marked {@link #MISSING} so that those rows are left out.
 *
 * @param codes per row: the index of the row's value in {@code names}, or {@link #MISSING}
 * @param names the distinct non-empty values, sorted (so codes follow scikit-learn's {@code np.unique} order)
 */
public record TruthLabels(int[] codes, List<String> names) {

    /** The marker of a row without a label; the external metrics leave such rows out. */
    public static final int MISSING = Integer.MIN_VALUE;

    public TruthLabels {
        Objects.requireNonNull(codes, "codes");
        names = List.copyOf(names);
    }

    /**
     * Codes {@code values}; {@code null} and blank strings (after trimming) are {@link #MISSING}, other values
     * are compared as written.
     */
    public static TruthLabels of(String[] values) {
        Objects.requireNonNull(values, "values");
        TreeMap<String, Integer> index = new TreeMap<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                index.put(v, 0);
            }
        }
        int i = 0;
        for (var e : index.entrySet()) {
            e.setValue(i++);
        }
        int[] codes = new int[values.length];
        for (int r = 0; r < values.length; r++) {
            String v = values[r];
            codes[r] = v == null || v.isBlank() ? MISSING : index.get(v);
        }
        return new TruthLabels(codes, List.copyOf(index.keySet()));
    }

    /** Rows with a label. */
    public int present() {
        int n = 0;
        for (int c : codes) {
            n += c == MISSING ? 0 : 1;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TruthLabels t && Arrays.equals(codes, t.codes) && names.equals(t.names);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(codes) + names.hashCode();
    }

    @Override
    public String toString() {
        return "TruthLabels[" + codes.length + " rows, " + names.size() + " names]";
    }
}
