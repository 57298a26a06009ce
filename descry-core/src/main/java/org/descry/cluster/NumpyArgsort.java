package org.descry.cluster;

/**
 * numpy 1.24's default {@code argsort} ({@code kind="quicksort"}) of a float64 array: introsort with a
 * median-of-three partition, insertion sort up to 16 elements and a heapsort fallback past depth
 * {@code 2 floor(log2 n)} ({@code npysort/quicksort.cpp}, {@code aquicksort_} / {@code aheapsort_}). It is not
 * stable; scipy 1.10's {@code minimum_spanning_tree} orders edges with it, so equal weights are taken in the
 * order it leaves them, which this replays.
 */
final class NumpyArgsort {

    private static final int SMALL_QUICKSORT = 15;
    private static final int STACK = 128;

    private NumpyArgsort() {}

    private static boolean less(double a, double b) {
        return a < b || (b != b && a == a);
    }

    static int[] argsort(double[] v) {
        int num = v.length;
        int[] t = new int[num];
        for (int i = 0; i < num; i++) {
            t[i] = i;
        }
        if (num < 2) {
            return t;
        }
        int pl = 0;
        int pr = num - 1;
        int[] stack = new int[STACK];
        int sptr = 0;
        int[] depth = new int[STACK];
        int psdepth = 0;
        int cdepth = 2 * (31 - Integer.numberOfLeadingZeros(num));
        while (true) {
            if (cdepth < 0) {
                heapsort(v, t, pl, pr - pl + 1);
            } else {
                while (pr - pl > SMALL_QUICKSORT) {
                    int pm = pl + ((pr - pl) >> 1);
                    if (less(v[t[pm]], v[t[pl]])) {
                        swap(t, pm, pl);
                    }
                    if (less(v[t[pr]], v[t[pm]])) {
                        swap(t, pr, pm);
                    }
                    if (less(v[t[pm]], v[t[pl]])) {
                        swap(t, pm, pl);
                    }
                    double vp = v[t[pm]];
                    int pi = pl;
                    int pj = pr - 1;
                    swap(t, pm, pj);
                    while (true) {
                        do {
                            ++pi;
                        } while (less(v[t[pi]], vp));
                        do {
                            --pj;
                        } while (less(vp, v[t[pj]]));
                        if (pi >= pj) {
                            break;
                        }
                        swap(t, pi, pj);
                    }
                    swap(t, pi, pr - 1);
                    if (pi - pl < pr - pi) {
                        stack[sptr++] = pi + 1;
                        stack[sptr++] = pr;
                        pr = pi - 1;
                    } else {
                        stack[sptr++] = pl;
                        stack[sptr++] = pi - 1;
                        pl = pi + 1;
                    }
                    depth[psdepth++] = --cdepth;
                }
                for (int pi = pl + 1; pi <= pr; ++pi) {
                    int vi = t[pi];
                    double vp = v[vi];
                    int pj = pi;
                    int pk = pi - 1;
                    while (pj > pl && less(vp, v[t[pk]])) {
                        t[pj--] = t[pk--];
                    }
                    t[pj] = vi;
                }
            }
            if (sptr == 0) {
                break;
            }
            pr = stack[--sptr];
            pl = stack[--sptr];
            cdepth = depth[--psdepth];
        }
        return t;
    }

    /** {@code aheapsort_} on {@code t[off .. off+n)}, with numpy's one-based indexing. */
    private static void heapsort(double[] v, int[] t, int off, int n) {
        int base = off - 1;
        for (int l = n >> 1; l > 0; --l) {
            int tmp = t[base + l];
            int i = l;
            for (int j = l << 1; j <= n; ) {
                if (j < n && less(v[t[base + j]], v[t[base + j + 1]])) {
                    j += 1;
                }
                if (less(v[tmp], v[t[base + j]])) {
                    t[base + i] = t[base + j];
                    i = j;
                    j += j;
                } else {
                    break;
                }
            }
            t[base + i] = tmp;
        }
        for (; n > 1; ) {
            int tmp = t[base + n];
            t[base + n] = t[base + 1];
            n -= 1;
            int i = 1;
            for (int j = 2; j <= n; ) {
                if (j < n && less(v[t[base + j]], v[t[base + j + 1]])) {
                    j++;
                }
                if (less(v[tmp], v[t[base + j]])) {
                    t[base + i] = t[base + j];
                    i = j;
                    j += j;
                } else {
                    break;
                }
            }
            t[base + i] = tmp;
        }
    }

    private static void swap(int[] t, int a, int b) {
        int x = t[a];
        t[a] = t[b];
        t[b] = x;
    }
}
