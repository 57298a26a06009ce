package org.descry.preprocess;

import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Householder reduction of a symmetric matrix to tridiagonal form, {@code A = Q T Qᵀ}, blocked as LAPACK's
 * {@code dsytrd} with {@code uplo = 'L'} (Dongarra, Hammarling and Sorensen 1989): each panel of {@link #PANEL}
 * columns is reduced by {@code dlatrd}, which needs one symmetric matrix-vector product with the trailing matrix per
 * column, and the trailing matrix is then updated once per panel by the rank-{@code 2 PANEL} product
 * {@code A -= V Wᵀ + W Vᵀ} instead of once per column. Only the lower triangle is read and written, row by row, so
 * the memory traffic of the reduction is that one triangle read per column; products run on two threads with the
 * Vector API. {@code Q} is never formed: {@link #applyQ} applies the reflectors to the few vectors needed.
 *
 * <p>The reflectors are kept in the otherwise unused upper triangle, reflector {@code j} in row {@code j} (columns
 * {@code j+1 ..}, first entry 1), with {@code H_j = I - tau_j v_j v_jᵀ} and {@code Q = H_0 H_1 ... H_{d-2}}.
 */
final class Tridiagonalization {

    static final int PANEL = 32;
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int PARALLEL_MIN = 192;

    private final int d;
    private final double[] a;
    private final double[] tau;
    private final double[] diag;
    private final double[] off;

    /** Reduces {@code matrix} ({@code d x d}, row-major, symmetric; only its lower triangle is read; not modified). */
    Tridiagonalization(double[] matrix, int d) {
        this.d = d;
        this.a = matrix.clone();
        this.tau = new double[Math.max(1, d - 1)];
        this.diag = new double[d];
        this.off = new double[Math.max(1, d - 1)];
        double[] wt = new double[PANEL * d];
        double[] col = new double[d];
        double[] t = new double[PANEL];
        for (int i0 = 0; i0 < d - 1; i0 += PANEL) {
            int i1 = Math.min(i0 + PANEL, d - 1);
            panel(i0, i1, wt, col, t);
            trailingUpdate(i0, i1, wt);
        }
        if (d > 0) {
            diag[d - 1] = a[(d - 1) * d + d - 1];
        }
    }

    double[] diagonal() {
        return diag.clone();
    }

    /** The sub-diagonal, {@code d - 1} entries (one 0 when {@code d = 1}). */
    double[] offDiagonal() {
        return off.clone();
    }

    /**
     * Replaces each of the {@code k} rows of {@code z} ({@code k x d}, vectors in the tridiagonal basis) by
     * {@code Q z}, applying the reflectors last to first; groups of vectors that stay in cache, on two threads.
     */
    void applyQ(double[] z, int k) {
        int group = 8;
        IntStream.range(0, (k + group - 1) / group).parallel().forEach(g -> {
            int from = g * group;
            int to = Math.min(k, from + group);
            for (int j = d - 2; j >= 0; j--) {
                double tj = tau[j];
                if (tj == 0) {
                    continue;
                }
                int v = j * d + j + 1;
                int len = d - j - 1;
                for (int c = from; c < to; c++) {
                    int zo = c * d + j + 1;
                    double s = tj * dot(a, v, z, zo, len);
                    axpy(-s, a, v, z, zo, len);
                }
            }
        });
    }

    /**
     * {@code dlatrd}: reduces columns {@code i0 .. i1-1} and leaves in {@code wt} (row {@code p - i0} for column
     * {@code p}) the matrix {@code W} of the panel's update {@code A -= V Wᵀ + W Vᵀ}.
     */
    private void panel(int i0, int i1, double[] wt, double[] col, double[] t) {
        for (int i = i0; i < i1; i++) {
            for (int r = i; r < d; r++) {
                col[r] = a[r * d + i];
            }
            int len = d - i;
            for (int p = i0; p < i; p++) {
                axpy(-wt[(p - i0) * d + i], a, p * d + i, col, i, len);
                axpy(-a[p * d + i], wt, (p - i0) * d + i, col, i, len);
            }
            diag[i] = col[i];
            double alpha = col[i + 1];
            double xnorm = Math.sqrt(dot(col, i + 2, col, i + 2, d - i - 2));
            int v = i * d;
            double ti;
            if (xnorm == 0) {
                ti = 0;
                off[i] = alpha;
                for (int r = i + 2; r < d; r++) {
                    a[v + r] = 0;
                }
            } else {
                double beta = -Math.copySign(Math.hypot(alpha, xnorm), alpha);
                ti = (beta - alpha) / beta;
                double scale = 1 / (alpha - beta);
                for (int r = i + 2; r < d; r++) {
                    a[v + r] = col[r] * scale;
                }
                off[i] = beta;
            }
            a[v + i + 1] = 1;
            tau[i] = ti;
            int w = (i - i0) * d;
            int s = i + 1;
            int m = d - s;
            symv(s, a, v + s, wt, w + s);
            for (int p = i0; p < i; p++) {
                t[p - i0] = dot(wt, (p - i0) * d + s, a, v + s, m);
            }
            for (int p = i0; p < i; p++) {
                axpy(-t[p - i0], a, p * d + s, wt, w + s, m);
            }
            for (int p = i0; p < i; p++) {
                t[p - i0] = dot(a, p * d + s, a, v + s, m);
            }
            for (int p = i0; p < i; p++) {
                axpy(-t[p - i0], wt, (p - i0) * d + s, wt, w + s, m);
            }
            for (int r = s; r < d; r++) {
                wt[w + r] *= ti;
            }
            double half = -0.5 * ti * dot(wt, w + s, a, v + s, m);
            axpy(half, a, v + s, wt, w + s, m);
        }
    }

    /**
     * {@code y[yo + (r - s)] = sum_c A[r][c] x[xo + (c - s)]} over the trailing matrix from {@code s}, reading the
     * lower triangle only; each thread accumulates into its own vector, summed in thread order.
     */
    private void symv(int s, double[] x, int xo, double[] y, int yo) {
        int m = d - s;
        int parts = m < PARALLEL_MIN ? 1 : 2;
        int split = s + (int) Math.round(m * Math.sqrt(0.5));
        double[][] acc = new double[parts][];
        IntStream.range(0, parts).parallel().forEach(part -> {
            int from = parts == 1 || part == 0 ? s : split;
            int to = parts == 1 || part == 1 ? d : split;
            double[] w = new double[m];
            for (int r = from; r < to; r++) {
                int row = r * d;
                double xr = x[xo + r - s];
                int len = r - s;
                double sum = 0;
                int c = 0;
                int bound = S.loopBound(len);
                DoubleVector vs = DoubleVector.zero(S);
                DoubleVector vxr = DoubleVector.broadcast(S, xr);
                for (; c < bound; c += S.length()) {
                    DoubleVector av = DoubleVector.fromArray(S, a, row + s + c);
                    vs = av.fma(DoubleVector.fromArray(S, x, xo + c), vs);
                    av.fma(vxr, DoubleVector.fromArray(S, w, c)).intoArray(w, c);
                }
                for (; c < len; c++) {
                    double av = a[row + s + c];
                    sum += av * x[xo + c];
                    w[c] += av * xr;
                }
                w[len] += sum(vs) + sum + a[row + r] * xr;
            }
            acc[part] = w;
        });
        System.arraycopy(acc[0], 0, y, yo, m);
        for (int p = 1; p < parts; p++) {
            for (int c = 0; c < m; c++) {
                y[yo + c] += acc[p][c];
            }
        }
    }

    /** {@code A[r][c] -= sum_p V[r][p] W[c][p] + W[r][p] V[c][p]} for {@code i1 <= c <= r}, rows on two threads. */
    private void trailingUpdate(int i0, int i1, double[] wt) {
        int nb = i1 - i0;
        int m = d - i1;
        int parts = m < PARALLEL_MIN ? 1 : 2;
        int split = i1 + (int) Math.round(m * Math.sqrt(0.5));
        IntStream.range(0, parts).parallel().forEach(part -> {
            int from = parts == 1 || part == 0 ? i1 : split;
            int to = parts == 1 || part == 1 ? d : split;
            for (int r = from; r < to; r++) {
                int row = r * d;
                int len = r - i1 + 1;
                for (int p = 0; p < nb; p++) {
                    double vr = a[(i0 + p) * d + r];
                    double wr = wt[p * d + r];
                    axpy2(-vr, wt, p * d + i1, -wr, a, (i0 + p) * d + i1, a, row + i1, len);
                }
            }
        });
    }

    static double dot(double[] x, int xo, double[] y, int yo, int len) {
        int i = 0;
        int bound = S.loopBound(len);
        DoubleVector acc = DoubleVector.zero(S);
        for (; i < bound; i += S.length()) {
            acc = DoubleVector.fromArray(S, x, xo + i).fma(DoubleVector.fromArray(S, y, yo + i), acc);
        }
        double sum = sum(acc);
        for (; i < len; i++) {
            sum += x[xo + i] * y[yo + i];
        }
        return sum;
    }

    /**
     * The lanes summed in lane order: {@code reduceLanes(ADD)} leaves the order open, and compiled and interpreted
     * code then round differently, which would make results depend on JIT timing.
     */
    private static double sum(DoubleVector v) {
        double[] lanes = v.toArray();
        double s = 0;
        for (double x : lanes) {
            s += x;
        }
        return s;
    }

    /** {@code y += alpha x}. */
    static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int len) {
        int i = 0;
        int bound = S.loopBound(len);
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        for (; i < bound; i += S.length()) {
            DoubleVector.fromArray(S, x, xo + i).fma(va, DoubleVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < len; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    /** {@code z += alpha x + beta y}. */
    private static void axpy2(double alpha, double[] x, int xo, double beta, double[] y, int yo, double[] z, int zo,
            int len) {
        int i = 0;
        int bound = S.loopBound(len);
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        DoubleVector vb = DoubleVector.broadcast(S, beta);
        for (; i < bound; i += S.length()) {
            DoubleVector acc = DoubleVector.fromArray(S, x, xo + i).fma(va, DoubleVector.fromArray(S, z, zo + i));
            DoubleVector.fromArray(S, y, yo + i).fma(vb, acc).intoArray(z, zo + i);
        }
        for (; i < len; i++) {
            z[zo + i] += alpha * x[xo + i] + beta * y[yo + i];
        }
    }
}
