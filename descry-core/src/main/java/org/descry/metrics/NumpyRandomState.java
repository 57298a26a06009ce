package org.descry.metrics;

/**
 * numpy's legacy {@code RandomState(seed)}: MT19937 seeded by {@code init_genrand} (Matsumoto and Nishimura
 * 1998) and the legacy {@code permutation}, a Fisher-Yates shuffle drawing each index by masked rejection
 * ({@code random_interval}). Reproduces {@code np.random.RandomState(seed).permutation(n)} bit for bit, so that a
 * silhouette sample with {@code random_state=seed} picks the same rows as scikit-learn.
 */
final class NumpyRandomState {

    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int pos;

    /** {@code RandomState(seed)}, {@code 0 <= seed < 2^32}. */
    NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("seed must be in [0, 2^32 - 1], got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        pos = N;
    }

    int nextInt() {
        if (pos >= N) {
            twist();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            int v = mt[(i + M) % N] ^ (y >>> 1);
            mt[i] = (y & 1) != 0 ? v ^ 0x9908b0df : v;
        }
        pos = 0;
    }

    /** numpy's {@code random_interval(max)} for {@code max < 2^31}: uniform in {@code [0, max]}. */
    int interval(int max) {
        if (max == 0) {
            return 0;
        }
        int mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        int v;
        do {
            v = nextInt() & mask;
        } while (Integer.compareUnsigned(v, max) > 0);
        return v;
    }

    /** {@code permutation(n)}: {@code 0 .. n-1} shuffled. */
    int[] permutation(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i >= 1; i--) {
            int j = interval(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
