package org.descry.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded uniform samples of row indices, for the steps that measure or fit on part of a large set (model
 * selection sweeps, stability, maps) and then apply the result to every row.
 */
public final class RowSample {

    private RowSample() {
    }

    /**
     * {@code m} distinct rows of {@code [0, n)} drawn uniformly with {@code seed}, in increasing order (a partial
     * Fisher-Yates shuffle; sorted so that reading them walks the matrix forwards).
     */
    public static int[] sorted(int n, int m, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        if (m < 0 || m > n) {
            throw new IllegalArgumentException("m must be in [0, n=" + n + "], got " + m);
        }
        int[] out = drawn(n, m, new SplittableRandom(seed));
        Arrays.sort(out);
        return out;
    }

    /**
     * {@code m} distinct rows of {@code [0, n)} in the order drawn from {@code random} (a partial Fisher-Yates
     * shuffle: the first {@code m} entries of scikit-learn's {@code permutation}, drawn lazily), for callers that
     * go on drawing from the same stream.
     */
    public static int[] drawn(int n, int m, SplittableRandom random) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        if (m < 0 || m > n) {
            throw new IllegalArgumentException("m must be in [0, n=" + n + "], got " + m);
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, m);
    }
}
