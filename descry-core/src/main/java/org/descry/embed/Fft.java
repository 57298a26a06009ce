package org.descry.embed;

/**
 * In-place iterative radix-2 complex FFT (Cooley-Tukey, decimation in time) of one power-of-two length on separate
 * real and imaginary {@code double} arrays, with its twiddle factors and bit-reversal table computed once.
 * Forward is {@code X[k] = sum_n x[n] e^{-2 pi i k n / N}}; inverse uses {@code +} and divides by {@code N}.
 * Immutable and thread-safe (callers bring the data).
 */
final class Fft {

    private final int n;
    private final int[] reverse;
    /** Twiddles of the stage with half-length {@code h} at {@code [h - 1, 2h - 1)}, contiguous per stage. */
    private final double[] cos;
    private final double[] sin;

    Fft(int n) {
        if (n < 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT length must be a power of two, got " + n);
        }
        this.n = n;
        int bits = Integer.numberOfTrailingZeros(n);
        reverse = new int[n];
        for (int i = 0; i < n; i++) {
            reverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        cos = new double[Math.max(1, n)];
        sin = new double[Math.max(1, n)];
        for (int h = 1; h < n; h <<= 1) {
            for (int j = 0; j < h; j++) {
                double a = -Math.PI * j / h;
                cos[h - 1 + j] = Math.cos(a);
                sin[h - 1 + j] = Math.sin(a);
            }
        }
    }

    int length() {
        return n;
    }

    /** Transforms {@code re[off..off+n)}, {@code im[off..off+n)} in place. */
    void transform(double[] re, double[] im, int off, boolean inverse) {
        for (int i = 0; i < n; i++) {
            int j = reverse[i];
            if (j > i) {
                double t = re[off + i];
                re[off + i] = re[off + j];
                re[off + j] = t;
                t = im[off + i];
                im[off + i] = im[off + j];
                im[off + j] = t;
            }
        }
        double sign = inverse ? -1 : 1;
        for (int p = off; p + 1 < off + n; p += 2) {
            double xr = re[p + 1];
            double xi = im[p + 1];
            re[p + 1] = re[p] - xr;
            im[p + 1] = im[p] - xi;
            re[p] += xr;
            im[p] += xi;
        }
        for (int half = 2; half < n; half <<= 1) {
            int len = half << 1;
            int tw = half - 1;
            for (int a = off; a < off + n; a += len) {
                for (int j = 0; j < half; j++) {
                    double wr = cos[tw + j];
                    double wi = sign * sin[tw + j];
                    int p = a + j;
                    int q = p + half;
                    double qr = re[q];
                    double qi = im[q];
                    double xr = qr * wr - qi * wi;
                    double xi = qr * wi + qi * wr;
                    double pr = re[p];
                    double pi = im[p];
                    re[q] = pr - xr;
                    im[q] = pi - xi;
                    re[p] = pr + xr;
                    im[p] = pi + xi;
                }
            }
        }
        if (inverse) {
            double inv = 1.0 / n;
            for (int i = off; i < off + n; i++) {
                re[i] *= inv;
                im[i] *= inv;
            }
        }
    }
}
