package org.descry.label;

import java.util.HashMap;
import java.util.Map;

/**
 * Names clusters as a perfect human namer would: each cluster gets the most frequent true value among its
 * training members that have one (ties to the alphabetically first value); a cluster with no such member stays
 * unnamed ({@code null}), so its rows are withheld. This is the protocol of the trial: it measures how good the
 * clusters are for naming, with the naming itself taken out of the error.
 */
public final class MajorityNames {

    private MajorityNames() {}

    /**
     * The name of each of the {@code k} clusters; {@code clusters[i]} is row i's cluster (negative: noise, left
     * out) and {@code truth[i]} its true value ({@code null} or empty: none).
     */
    public static String[] of(int[] clusters, int k, String[] truth) {
        if (clusters.length != truth.length) {
            throw new IllegalArgumentException(clusters.length + " clusters for " + truth.length + " truth values");
        }
        Map<String, Integer> ids = new HashMap<>();
        String[] values = new String[truth.length];
        int[] code = new int[truth.length];
        int distinct = 0;
        for (int i = 0; i < truth.length; i++) {
            String t = truth[i];
            if (t == null || t.isEmpty() || clusters[i] < 0) {
                code[i] = -1;
                continue;
            }
            Integer id = ids.get(t);
            if (id == null) {
                id = distinct++;
                ids.put(t, id);
                values[id] = t;
            }
            code[i] = id;
        }
        int[] votes = new int[k * Math.max(1, distinct)];
        for (int i = 0; i < code.length; i++) {
            if (code[i] >= 0) {
                if (clusters[i] >= k) {
                    throw new IllegalArgumentException("cluster " + clusters[i] + " of row " + i + " is not below k="
                            + k);
                }
                votes[clusters[i] * distinct + code[i]]++;
            }
        }
        String[] names = new String[k];
        for (int c = 0; c < k; c++) {
            int best = -1;
            for (int v = 0; v < distinct; v++) {
                int n = votes[c * distinct + v];
                if (n > 0 && (best < 0 || n > votes[c * distinct + best]
                        || (n == votes[c * distinct + best] && values[v].compareTo(values[best]) < 0))) {
                    best = v;
                }
            }
            names[c] = best < 0 ? null : values[best];
        }
        return names;
    }
}
