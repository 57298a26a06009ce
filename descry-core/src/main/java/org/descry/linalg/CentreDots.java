package org.descry.linalg;

import static org.descry.linalg.MicroKernel.L;
import static org.descry.linalg.MicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of streamed rows with a few fixed rows ("centres"): {@code out[r * stride() + j] = x_r · c_j}.
 * The inner step of k-means assignment and k-means++ seeding, where {@code k} is small (tens) and the rows are
 * many: a general {@link Kernels#multiplyTransposed} would pack a panel of the rows per call and fill
 * {@link MicroKernel} tiles mostly with padding, while here each row is read once from where it lies and the
 * centres stay in L1.
 *
 * <p>The centres are stored transposed and padded, {@code ct[q * stride + j]} with {@code stride} the next
 * multiple of the vector length above {@code k}, so one vector holds step {@code q} of {@code L} centres. The
 * vector kernel takes eight rows at a time: per step eight broadcasts of the rows' values and one centre vector
 * feed eight independent FMA chains (enough to hide the FMA latency), for each vector of centres in turn. With
 * {@code k <= 8} the vectors are 256 bits wide even where 512 are preferred: most lanes of a 512-bit vector
 * would be padding, and some cores (AMD Zen 4) retire two 256-bit FMAs per cycle but only one 512-bit FMA, so
 * k-means++ with its 2 + ln k candidates runs twice as fast. With {@code k} up to twice the 256-bit length (9 to 16
 * centres, the everyday k = 10) the centres fill two 256-bit vectors and each broadcast row value feeds both,
 * twelve rows at a time with 512-bit vectors available (four otherwise). On the AMD EPYC (Zen 4) development
 * machine, k = 10 and d = 250 in cache, that is 0.30 ns per row and step against 0.40 for one 512-bit vector per row
 * and eight rows: half the broadcasts per FMA.
 *
 * <p>Rounding is that of {@link PackedGemm}: each output is a float32 FMA chain over {@code q} in order within
 * blocks of {@value PackedGemm#KC} steps, the block results added in order into the output. So the vector and
 * scalar ({@link #of(float[], int, int, boolean)} with {@code vector = false}) versions give the same bits, and
 * both give the bits {@code multiplyTransposed} gives for the same rows and centres; results do not depend on
 * the vector length, on padding lanes or on how the rows are split into calls.
 *
 * <p>Immutable and thread-safe; callers own the output tiles.
 */
public final class CentreDots {

    private static final int KC = PackedGemm.KC;
    private static final int GROUP = 8;
    /** 256-bit vectors, for {@code k <= 8} when the preferred species is wider. */
    private static final VectorSpecies<Float> NARROW = FloatVector.SPECIES_256.length() < L
            ? FloatVector.SPECIES_256 : SPECIES;
    /** Rows per {@link #pairTwelve} group: twelve with 32 vector registers (512-bit vectors), else four. */
    private static final int PAIR_GROUP = L >= 16 ? 12 : 4;

    private final int k;
    private final int d;
    private final int stride;
    private final int lanes;
    private final float[] ct;
    private final boolean vector;
    /** {@code stride} is two narrow vectors: the {@link #pairTwelve} kernels apply. */
    private final boolean pair;

    private CentreDots(float[] centres, int k, int d, boolean vector) {
        if (k < 1 || d < 0) {
            throw new IllegalArgumentException("need k >= 1 and d >= 0, got k=" + k + ", d=" + d);
        }
        Checks.range("centres", centres, 0, k * d);
        this.k = k;
        this.d = d;
        this.lanes = k <= NARROW.length() ? NARROW.length() : L;
        this.stride = (k + lanes - 1) / lanes * lanes;
        this.vector = vector;
        this.pair = stride == 2 * NARROW.length();
        this.ct = new float[Math.max(1, d) * stride];
        for (int j = 0; j < k; j++) {
            for (int q = 0; q < d; q++) {
                ct[q * stride + j] = centres[j * d + q];
            }
        }
    }

    /**
     * The product with the {@code k x d} row-major {@code centres} (copied), computed by the Vector API when
     * {@code vector} is set and by plain loops otherwise. {@link Kernels#centreDots} picks per implementation.
     */
    public static CentreDots of(float[] centres, int k, int d, boolean vector) {
        return new CentreDots(centres, k, d, vector);
    }

    public int k() {
        return k;
    }

    public int d() {
        return d;
    }

    /** Distance between consecutive rows of the output; {@code >= k}, the entries past {@code k} are padding. */
    public int stride() {
        return stride;
    }

    /** Floats of output for {@code rows} rows. */
    public int tileSize(int rows) {
        return rows * stride;
    }

    /**
     * {@code out[r * stride() + j] = x[xOff + r * d ..] · c_j} for {@code r < rows}, {@code j < k}; entries
     * {@code k <= j < stride()} get zeros.
     */
    public void multiply(float[] x, int xOff, int rows, float[] out) {
        Checks.range("x", x, xOff, rows * d);
        Checks.range("out", out, 0, rows * stride);
        if (vector) {
            multiplyVector(x, xOff, rows, out);
        } else {
            multiplyScalar(x, xOff, rows, out);
        }
    }

    private void multiplyScalar(float[] x, int xOff, int rows, float[] out) {
        java.util.Arrays.fill(out, 0, rows * stride, 0f);
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * d;
            for (int j = 0; j < k; j++) {
                float total = 0f;
                for (int q0 = 0; q0 < d; q0 += KC) {
                    int q1 = Math.min(d, q0 + KC);
                    float acc = 0f;
                    for (int q = q0; q < q1; q++) {
                        acc = Math.fma(x[xo + q], ct[q * stride + j], acc);
                    }
                    total = q0 == 0 ? acc : total + acc;
                }
                out[r * stride + j] = total;
            }
        }
    }

    private void multiplyVector(float[] x, int xOff, int rows, float[] out) {
        if (d == 0) {
            java.util.Arrays.fill(out, 0, rows * stride, 0f);
            return;
        }
        boolean narrow = lanes < L;
        int step = lanes;
        int r = 0;
        if (pair) {
            for (; PAIR_GROUP == 12 && r + 12 <= rows; r += 12) {
                for (int q0 = 0; q0 < d; q0 += KC) {
                    pairTwelve(x, xOff + r * d, q0, Math.min(d, q0 + KC), out, r * stride, q0 > 0);
                }
            }
            for (; r + 4 <= rows; r += 4) {
                for (int q0 = 0; q0 < d; q0 += KC) {
                    pairFour(x, xOff + r * d, q0, Math.min(d, q0 + KC), out, r * stride, q0 > 0);
                }
            }
            narrow = true;
            step = NARROW.length();
        }
        for (; r + GROUP <= rows; r += GROUP) {
            for (int v = 0; v < stride; v += step) {
                for (int q0 = 0; q0 < d; q0 += KC) {
                    int q1 = Math.min(d, q0 + KC);
                    if (narrow) {
                        groupNarrow(x, xOff + r * d, q0, q1, v, out, r * stride + v, q0 > 0);
                    } else {
                        group(x, xOff + r * d, q0, q1, v, out, r * stride + v, q0 > 0);
                    }
                }
            }
        }
        for (; r < rows; r++) {
            for (int v = 0; v < stride; v += step) {
                for (int q0 = 0; q0 < d; q0 += KC) {
                    int q1 = Math.min(d, q0 + KC);
                    if (narrow) {
                        singleNarrow(x, xOff + r * d, q0, q1, v, out, r * stride + v, q0 > 0);
                    } else {
                        single(x, xOff + r * d, q0, q1, v, out, r * stride + v, q0 > 0);
                    }
                }
            }
        }
    }

    /** Eight rows from {@code x[xo ..]} against centre lanes {@code [v, v + L)}, steps {@code [q0, q1)}. */
    private void group(float[] x, int xo, int q0, int q1, int v, float[] out, int o, boolean add) {
        int d = this.d;
        int s = stride;
        float[] ct = this.ct;
        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int q = q0; q < q1; q++) {
            FloatVector c = FloatVector.fromArray(SPECIES, ct, q * s + v);
            int i = xo + q;
            a0 = FloatVector.broadcast(SPECIES, x[i]).fma(c, a0);
            a1 = FloatVector.broadcast(SPECIES, x[i + d]).fma(c, a1);
            a2 = FloatVector.broadcast(SPECIES, x[i + 2 * d]).fma(c, a2);
            a3 = FloatVector.broadcast(SPECIES, x[i + 3 * d]).fma(c, a3);
            a4 = FloatVector.broadcast(SPECIES, x[i + 4 * d]).fma(c, a4);
            a5 = FloatVector.broadcast(SPECIES, x[i + 5 * d]).fma(c, a5);
            a6 = FloatVector.broadcast(SPECIES, x[i + 6 * d]).fma(c, a6);
            a7 = FloatVector.broadcast(SPECIES, x[i + 7 * d]).fma(c, a7);
        }
        if (add) {
            a0 = FloatVector.fromArray(SPECIES, out, o).add(a0);
            a1 = FloatVector.fromArray(SPECIES, out, o + s).add(a1);
            a2 = FloatVector.fromArray(SPECIES, out, o + 2 * s).add(a2);
            a3 = FloatVector.fromArray(SPECIES, out, o + 3 * s).add(a3);
            a4 = FloatVector.fromArray(SPECIES, out, o + 4 * s).add(a4);
            a5 = FloatVector.fromArray(SPECIES, out, o + 5 * s).add(a5);
            a6 = FloatVector.fromArray(SPECIES, out, o + 6 * s).add(a6);
            a7 = FloatVector.fromArray(SPECIES, out, o + 7 * s).add(a7);
        }
        a0.intoArray(out, o);
        a1.intoArray(out, o + s);
        a2.intoArray(out, o + 2 * s);
        a3.intoArray(out, o + 3 * s);
        a4.intoArray(out, o + 4 * s);
        a5.intoArray(out, o + 5 * s);
        a6.intoArray(out, o + 6 * s);
        a7.intoArray(out, o + 7 * s);
    }

    /** {@link #group} with 256-bit vectors: a copy, as the Vector API compiles well only with a constant species. */
    private void groupNarrow(float[] x, int xo, int q0, int q1, int v, float[] out, int o, boolean add) {
        int d = this.d;
        int s = stride;
        float[] ct = this.ct;
        FloatVector a0 = FloatVector.zero(NARROW), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int q = q0; q < q1; q++) {
            FloatVector c = FloatVector.fromArray(NARROW, ct, q * s + v);
            int i = xo + q;
            a0 = FloatVector.broadcast(NARROW, x[i]).fma(c, a0);
            a1 = FloatVector.broadcast(NARROW, x[i + d]).fma(c, a1);
            a2 = FloatVector.broadcast(NARROW, x[i + 2 * d]).fma(c, a2);
            a3 = FloatVector.broadcast(NARROW, x[i + 3 * d]).fma(c, a3);
            a4 = FloatVector.broadcast(NARROW, x[i + 4 * d]).fma(c, a4);
            a5 = FloatVector.broadcast(NARROW, x[i + 5 * d]).fma(c, a5);
            a6 = FloatVector.broadcast(NARROW, x[i + 6 * d]).fma(c, a6);
            a7 = FloatVector.broadcast(NARROW, x[i + 7 * d]).fma(c, a7);
        }
        if (add) {
            a0 = FloatVector.fromArray(NARROW, out, o).add(a0);
            a1 = FloatVector.fromArray(NARROW, out, o + s).add(a1);
            a2 = FloatVector.fromArray(NARROW, out, o + 2 * s).add(a2);
            a3 = FloatVector.fromArray(NARROW, out, o + 3 * s).add(a3);
            a4 = FloatVector.fromArray(NARROW, out, o + 4 * s).add(a4);
            a5 = FloatVector.fromArray(NARROW, out, o + 5 * s).add(a5);
            a6 = FloatVector.fromArray(NARROW, out, o + 6 * s).add(a6);
            a7 = FloatVector.fromArray(NARROW, out, o + 7 * s).add(a7);
        }
        a0.intoArray(out, o);
        a1.intoArray(out, o + s);
        a2.intoArray(out, o + 2 * s);
        a3.intoArray(out, o + 3 * s);
        a4.intoArray(out, o + 4 * s);
        a5.intoArray(out, o + 5 * s);
        a6.intoArray(out, o + 6 * s);
        a7.intoArray(out, o + 7 * s);
    }

    /**
     * Twelve rows against both centre vectors ({@code 2 NARROW} lanes), steps {@code [q0, q1)}: each broadcast row
     * value feeds two FMAs, and twelve rows keep 24 independent chains, which fills the 32 vector registers of
     * AVX-512.
     */
    private void pairTwelve(float[] x, int xo, int q0, int q1, float[] out, int o, boolean add) {
        int d = this.d;
        int s = stride;
        int h = NARROW.length();
        float[] ct = this.ct;
        FloatVector a0 = FloatVector.zero(NARROW), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0, b8 = a0, b9 = a0, b10 = a0, b11 = a0;
        for (int q = q0; q < q1; q++) {
            FloatVector c = FloatVector.fromArray(NARROW, ct, q * s);
            FloatVector e = FloatVector.fromArray(NARROW, ct, q * s + h);
            int i = xo + q;
            FloatVector x0 = FloatVector.broadcast(NARROW, x[i]);
            a0 = x0.fma(c, a0);
            b0 = x0.fma(e, b0);
            FloatVector x1 = FloatVector.broadcast(NARROW, x[i + d]);
            a1 = x1.fma(c, a1);
            b1 = x1.fma(e, b1);
            FloatVector x2 = FloatVector.broadcast(NARROW, x[i + 2 * d]);
            a2 = x2.fma(c, a2);
            b2 = x2.fma(e, b2);
            FloatVector x3 = FloatVector.broadcast(NARROW, x[i + 3 * d]);
            a3 = x3.fma(c, a3);
            b3 = x3.fma(e, b3);
            FloatVector x4 = FloatVector.broadcast(NARROW, x[i + 4 * d]);
            a4 = x4.fma(c, a4);
            b4 = x4.fma(e, b4);
            FloatVector x5 = FloatVector.broadcast(NARROW, x[i + 5 * d]);
            a5 = x5.fma(c, a5);
            b5 = x5.fma(e, b5);
            FloatVector x6 = FloatVector.broadcast(NARROW, x[i + 6 * d]);
            a6 = x6.fma(c, a6);
            b6 = x6.fma(e, b6);
            FloatVector x7 = FloatVector.broadcast(NARROW, x[i + 7 * d]);
            a7 = x7.fma(c, a7);
            b7 = x7.fma(e, b7);
            FloatVector x8 = FloatVector.broadcast(NARROW, x[i + 8 * d]);
            a8 = x8.fma(c, a8);
            b8 = x8.fma(e, b8);
            FloatVector x9 = FloatVector.broadcast(NARROW, x[i + 9 * d]);
            a9 = x9.fma(c, a9);
            b9 = x9.fma(e, b9);
            FloatVector x10 = FloatVector.broadcast(NARROW, x[i + 10 * d]);
            a10 = x10.fma(c, a10);
            b10 = x10.fma(e, b10);
            FloatVector x11 = FloatVector.broadcast(NARROW, x[i + 11 * d]);
            a11 = x11.fma(c, a11);
            b11 = x11.fma(e, b11);
        }
        if (add) {
            a0 = FloatVector.fromArray(NARROW, out, o).add(a0);
            b0 = FloatVector.fromArray(NARROW, out, o + h).add(b0);
            a1 = FloatVector.fromArray(NARROW, out, o + s).add(a1);
            b1 = FloatVector.fromArray(NARROW, out, o + s + h).add(b1);
            a2 = FloatVector.fromArray(NARROW, out, o + 2 * s).add(a2);
            b2 = FloatVector.fromArray(NARROW, out, o + 2 * s + h).add(b2);
            a3 = FloatVector.fromArray(NARROW, out, o + 3 * s).add(a3);
            b3 = FloatVector.fromArray(NARROW, out, o + 3 * s + h).add(b3);
            a4 = FloatVector.fromArray(NARROW, out, o + 4 * s).add(a4);
            b4 = FloatVector.fromArray(NARROW, out, o + 4 * s + h).add(b4);
            a5 = FloatVector.fromArray(NARROW, out, o + 5 * s).add(a5);
            b5 = FloatVector.fromArray(NARROW, out, o + 5 * s + h).add(b5);
            a6 = FloatVector.fromArray(NARROW, out, o + 6 * s).add(a6);
            b6 = FloatVector.fromArray(NARROW, out, o + 6 * s + h).add(b6);
            a7 = FloatVector.fromArray(NARROW, out, o + 7 * s).add(a7);
            b7 = FloatVector.fromArray(NARROW, out, o + 7 * s + h).add(b7);
            a8 = FloatVector.fromArray(NARROW, out, o + 8 * s).add(a8);
            b8 = FloatVector.fromArray(NARROW, out, o + 8 * s + h).add(b8);
            a9 = FloatVector.fromArray(NARROW, out, o + 9 * s).add(a9);
            b9 = FloatVector.fromArray(NARROW, out, o + 9 * s + h).add(b9);
            a10 = FloatVector.fromArray(NARROW, out, o + 10 * s).add(a10);
            b10 = FloatVector.fromArray(NARROW, out, o + 10 * s + h).add(b10);
            a11 = FloatVector.fromArray(NARROW, out, o + 11 * s).add(a11);
            b11 = FloatVector.fromArray(NARROW, out, o + 11 * s + h).add(b11);
        }
        a0.intoArray(out, o);
        b0.intoArray(out, o + h);
        a1.intoArray(out, o + s);
        b1.intoArray(out, o + s + h);
        a2.intoArray(out, o + 2 * s);
        b2.intoArray(out, o + 2 * s + h);
        a3.intoArray(out, o + 3 * s);
        b3.intoArray(out, o + 3 * s + h);
        a4.intoArray(out, o + 4 * s);
        b4.intoArray(out, o + 4 * s + h);
        a5.intoArray(out, o + 5 * s);
        b5.intoArray(out, o + 5 * s + h);
        a6.intoArray(out, o + 6 * s);
        b6.intoArray(out, o + 6 * s + h);
        a7.intoArray(out, o + 7 * s);
        b7.intoArray(out, o + 7 * s + h);
        a8.intoArray(out, o + 8 * s);
        b8.intoArray(out, o + 8 * s + h);
        a9.intoArray(out, o + 9 * s);
        b9.intoArray(out, o + 9 * s + h);
        a10.intoArray(out, o + 10 * s);
        b10.intoArray(out, o + 10 * s + h);
        a11.intoArray(out, o + 11 * s);
        b11.intoArray(out, o + 11 * s + h);
    }

    /**
     * {@link #pairTwelve} for four rows: the rows past the last twelve, and every group where vectors are at most 256
     * bits wide (AVX2 has 16 vector registers).
     */
    private void pairFour(float[] x, int xo, int q0, int q1, float[] out, int o, boolean add) {
        int d = this.d;
        int s = stride;
        int h = NARROW.length();
        float[] ct = this.ct;
        FloatVector a0 = FloatVector.zero(NARROW), a1 = a0, a2 = a0, a3 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int q = q0; q < q1; q++) {
            FloatVector c = FloatVector.fromArray(NARROW, ct, q * s);
            FloatVector e = FloatVector.fromArray(NARROW, ct, q * s + h);
            int i = xo + q;
            FloatVector x0 = FloatVector.broadcast(NARROW, x[i]);
            a0 = x0.fma(c, a0);
            b0 = x0.fma(e, b0);
            FloatVector x1 = FloatVector.broadcast(NARROW, x[i + d]);
            a1 = x1.fma(c, a1);
            b1 = x1.fma(e, b1);
            FloatVector x2 = FloatVector.broadcast(NARROW, x[i + 2 * d]);
            a2 = x2.fma(c, a2);
            b2 = x2.fma(e, b2);
            FloatVector x3 = FloatVector.broadcast(NARROW, x[i + 3 * d]);
            a3 = x3.fma(c, a3);
            b3 = x3.fma(e, b3);
        }
        if (add) {
            a0 = FloatVector.fromArray(NARROW, out, o).add(a0);
            b0 = FloatVector.fromArray(NARROW, out, o + h).add(b0);
            a1 = FloatVector.fromArray(NARROW, out, o + s).add(a1);
            b1 = FloatVector.fromArray(NARROW, out, o + s + h).add(b1);
            a2 = FloatVector.fromArray(NARROW, out, o + 2 * s).add(a2);
            b2 = FloatVector.fromArray(NARROW, out, o + 2 * s + h).add(b2);
            a3 = FloatVector.fromArray(NARROW, out, o + 3 * s).add(a3);
            b3 = FloatVector.fromArray(NARROW, out, o + 3 * s + h).add(b3);
        }
        a0.intoArray(out, o);
        b0.intoArray(out, o + h);
        a1.intoArray(out, o + s);
        b1.intoArray(out, o + s + h);
        a2.intoArray(out, o + 2 * s);
        b2.intoArray(out, o + 2 * s + h);
        a3.intoArray(out, o + 3 * s);
        b3.intoArray(out, o + 3 * s + h);
    }

    /** One row: the tail of a call whose row count is not a multiple of eight. */
    private void single(float[] x, int xo, int q0, int q1, int v, float[] out, int o, boolean add) {
        FloatVector a = FloatVector.zero(SPECIES);
        for (int q = q0; q < q1; q++) {
            a = FloatVector.broadcast(SPECIES, x[xo + q]).fma(FloatVector.fromArray(SPECIES, ct, q * stride + v), a);
        }
        if (add) {
            a = FloatVector.fromArray(SPECIES, out, o).add(a);
        }
        a.intoArray(out, o);
    }

    /** {@link #single} with 256-bit vectors. */
    private void singleNarrow(float[] x, int xo, int q0, int q1, int v, float[] out, int o, boolean add) {
        FloatVector a = FloatVector.zero(NARROW);
        for (int q = q0; q < q1; q++) {
            a = FloatVector.broadcast(NARROW, x[xo + q]).fma(FloatVector.fromArray(NARROW, ct, q * stride + v), a);
        }
        if (add) {
            a = FloatVector.fromArray(NARROW, out, o).add(a);
        }
        a.intoArray(out, o);
    }
}
