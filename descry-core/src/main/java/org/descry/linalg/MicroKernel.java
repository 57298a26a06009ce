package org.descry.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner kernel of {@link PackedGemm}: one {@value #MR} x {@link #NR} tile of
 * {@code C = X·Y} from packed panels, held in {@code 6 x 4 = 24} vector accumulators.
 *
 * <p>Each step {@code p} loads four vectors of a packed {@code Y} micro-panel, broadcasts six values of a packed
 * {@code X} micro-panel and issues 24 independent fused multiply-adds. 24 accumulators plus four {@code Y}
 * vectors and one broadcast fit the 32 vector registers of AVX-512 (or, with 256-bit vectors, most of the 16 of
 * AVX2, which C2 spills only lightly), and 24 independent chains hide the 4-cycle latency of an FMA on a
 * machine that retires one or two per cycle. The shape is the one of the BLIS/OpenBLAS AVX-512 sgemm
 * kernels, turned so that the vectors run along a row of the row-major result (Van Zee &amp; van de Geijn,
 * "BLIS: A Framework for Rapidly Instantiating BLAS Functionality", ACM TOMS 41(3), 2015; Low et al.,
 * "Analytical Modeling Is Enough for High-Performance BLIS", ACM TOMS 43(2), 2016).
 *
 * <p>Packed layouts: {@code x[xOff + p * MR + r]} is row {@code r}, step {@code p}; {@code y[yOff + p * NR + c]}
 * is column {@code c}, step {@code p}. Every accumulator lane is one float32 FMA chain over {@code p} in order,
 * so a tile's value does not depend on where the tile sits, on padding lanes or on the thread that computes it.
 *
 * <p>The method is written out flat on purpose: with the stores in a helper taking four vectors, C2 (JDK 25)
 * left the helper un-inlined, kept the accumulators boxed and ran at a third of the speed (40 instead of
 * 115 GFLOP/s on one Zen 4 core).
 */
final class MicroKernel {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Vector length in floats. */
    static final int L = SPECIES.length();
    /** Rows of a tile (broadcast values per step). */
    static final int MR = 6;
    /** Columns of a tile (four vectors). */
    static final int NR = 4 * L;

    private MicroKernel() {}

    /**
     * Computes the {@code MR x NR} tile {@code sum_p x[p, r] * y[p, c]} over {@code kc} steps and stores it to
     * {@code c[cOff + r * ldc + col]}, or adds it there when {@code add} is set.
     */
    static void tile(int kc, float[] x, int xOff, float[] y, int yOff, float[] c, int cOff, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00, c53 = c00;
        for (int p = 0; p < kc; p++) {
            int yi = yOff + p * NR;
            int xi = xOff + p * MR;
            FloatVector y0 = FloatVector.fromArray(SPECIES, y, yi);
            FloatVector y1 = FloatVector.fromArray(SPECIES, y, yi + L);
            FloatVector y2 = FloatVector.fromArray(SPECIES, y, yi + 2 * L);
            FloatVector y3 = FloatVector.fromArray(SPECIES, y, yi + 3 * L);
            FloatVector a = FloatVector.broadcast(SPECIES, x[xi]);
            c00 = a.fma(y0, c00);
            c01 = a.fma(y1, c01);
            c02 = a.fma(y2, c02);
            c03 = a.fma(y3, c03);
            a = FloatVector.broadcast(SPECIES, x[xi + 1]);
            c10 = a.fma(y0, c10);
            c11 = a.fma(y1, c11);
            c12 = a.fma(y2, c12);
            c13 = a.fma(y3, c13);
            a = FloatVector.broadcast(SPECIES, x[xi + 2]);
            c20 = a.fma(y0, c20);
            c21 = a.fma(y1, c21);
            c22 = a.fma(y2, c22);
            c23 = a.fma(y3, c23);
            a = FloatVector.broadcast(SPECIES, x[xi + 3]);
            c30 = a.fma(y0, c30);
            c31 = a.fma(y1, c31);
            c32 = a.fma(y2, c32);
            c33 = a.fma(y3, c33);
            a = FloatVector.broadcast(SPECIES, x[xi + 4]);
            c40 = a.fma(y0, c40);
            c41 = a.fma(y1, c41);
            c42 = a.fma(y2, c42);
            c43 = a.fma(y3, c43);
            a = FloatVector.broadcast(SPECIES, x[xi + 5]);
            c50 = a.fma(y0, c50);
            c51 = a.fma(y1, c51);
            c52 = a.fma(y2, c52);
            c53 = a.fma(y3, c53);
        }
        if (add) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, c, cOff));
            c01 = c01.add(FloatVector.fromArray(SPECIES, c, cOff + L));
            c02 = c02.add(FloatVector.fromArray(SPECIES, c, cOff + 2 * L));
            c03 = c03.add(FloatVector.fromArray(SPECIES, c, cOff + 3 * L));
            c10 = c10.add(FloatVector.fromArray(SPECIES, c, cOff + ldc));
            c11 = c11.add(FloatVector.fromArray(SPECIES, c, cOff + ldc + L));
            c12 = c12.add(FloatVector.fromArray(SPECIES, c, cOff + ldc + 2 * L));
            c13 = c13.add(FloatVector.fromArray(SPECIES, c, cOff + ldc + 3 * L));
            c20 = c20.add(FloatVector.fromArray(SPECIES, c, cOff + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(SPECIES, c, cOff + 2 * ldc + L));
            c22 = c22.add(FloatVector.fromArray(SPECIES, c, cOff + 2 * ldc + 2 * L));
            c23 = c23.add(FloatVector.fromArray(SPECIES, c, cOff + 2 * ldc + 3 * L));
            c30 = c30.add(FloatVector.fromArray(SPECIES, c, cOff + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(SPECIES, c, cOff + 3 * ldc + L));
            c32 = c32.add(FloatVector.fromArray(SPECIES, c, cOff + 3 * ldc + 2 * L));
            c33 = c33.add(FloatVector.fromArray(SPECIES, c, cOff + 3 * ldc + 3 * L));
            c40 = c40.add(FloatVector.fromArray(SPECIES, c, cOff + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(SPECIES, c, cOff + 4 * ldc + L));
            c42 = c42.add(FloatVector.fromArray(SPECIES, c, cOff + 4 * ldc + 2 * L));
            c43 = c43.add(FloatVector.fromArray(SPECIES, c, cOff + 4 * ldc + 3 * L));
            c50 = c50.add(FloatVector.fromArray(SPECIES, c, cOff + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(SPECIES, c, cOff + 5 * ldc + L));
            c52 = c52.add(FloatVector.fromArray(SPECIES, c, cOff + 5 * ldc + 2 * L));
            c53 = c53.add(FloatVector.fromArray(SPECIES, c, cOff + 5 * ldc + 3 * L));
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c02.intoArray(c, cOff + 2 * L);
        c03.intoArray(c, cOff + 3 * L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c12.intoArray(c, cOff + ldc + 2 * L);
        c13.intoArray(c, cOff + ldc + 3 * L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c22.intoArray(c, cOff + 2 * ldc + 2 * L);
        c23.intoArray(c, cOff + 2 * ldc + 3 * L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
        c32.intoArray(c, cOff + 3 * ldc + 2 * L);
        c33.intoArray(c, cOff + 3 * ldc + 3 * L);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + L);
        c42.intoArray(c, cOff + 4 * ldc + 2 * L);
        c43.intoArray(c, cOff + 4 * ldc + 3 * L);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + L);
        c52.intoArray(c, cOff + 5 * ldc + 2 * L);
        c53.intoArray(c, cOff + 5 * ldc + 3 * L);
    }
}
