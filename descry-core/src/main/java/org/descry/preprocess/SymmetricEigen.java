package org.descry.preprocess;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Leading eigenpairs of a symmetric matrix the way LAPACK's {@code dsyevx} finds a subset: blocked Householder
 * reduction to tridiagonal form ({@link Tridiagonalization}, as {@code dsytrd}), every eigenvalue of the tridiagonal
 * matrix by Sturm-sequence bisection ({@code dstebz}), eigenvectors of the wanted ones only by inverse iteration
 * with reorthogonalisation inside clusters ({@code dstein}), then back-transformed by applying the reflectors to those vectors only ({@code dormtr}), never
 * forming {@code Q}. For PCA of 2560 columns this costs the reduction plus {@code O(d^2 k)}, where a full QR
 * eigendecomposition would also rotate all {@code d} vectors (three times slower in EJML).
 */
final class SymmetricEigen {

    private final Tridiagonalization reduction;
    private final double[] diag;
    private final double[] off;
    private final double[] values;

    /**
     * Reduces {@code matrix} ({@code d x d}, row-major, symmetric; not modified) and finds its {@code count} largest
     * eigenvalues.
     */
    SymmetricEigen(double[] matrix, int d, int count) {
        reduction = new Tridiagonalization(matrix, d);
        diag = reduction.diagonal();
        off = reduction.offDiagonal();
        values = eigenvalues(diag, off, count);
    }

    /** The eigenvalues found, descending. */
    double[] values() {
        return values.clone();
    }

    /** Eigenvectors of the {@code k} (at most the count found) largest eigenvalues, rows of a {@code k x d} array. */
    double[] vectors(int k) {
        int d = diag.length;
        double[] z = new double[d * k];
        tridiagonalVectors(diag, off, values, k, z);
        reduction.applyQ(z, k);
        return z;
    }

    /**
     * The {@code count} largest eigenvalues of the tridiagonal matrix, descending, each to about
     * {@code eps * ||T||} by bisection.
     */
    static double[] eigenvalues(double[] a, double[] b, int count) {
        int n = a.length;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double pivmin = Double.MIN_NORMAL;
        for (int i = 0; i < n; i++) {
            double r = (i > 0 ? Math.abs(b[i - 1]) : 0) + (i < n - 1 ? Math.abs(b[i]) : 0);
            lo = Math.min(lo, a[i] - r);
            hi = Math.max(hi, a[i] + r);
            if (i < n - 1) {
                pivmin = Math.max(pivmin, b[i] * b[i] * Double.MIN_NORMAL);
            }
        }
        double norm = Math.max(Math.abs(lo), Math.abs(hi));
        double abstol = Math.ulp(Math.max(norm, Double.MIN_NORMAL));
        double l0 = lo - 2 * Math.ulp(norm) * n;
        double h0 = hi + 2 * Math.ulp(norm) * n;
        double piv = pivmin;
        double[] out = new double[count];
        IntStream.range(0, count).parallel().forEach(j -> {
            int rank = n - 1 - j;
            double l = l0;
            double h = h0;
            while (h - l > 2 * Math.ulp(Math.max(Math.abs(l), Math.abs(h))) + abstol) {
                double mid = l + (h - l) / 2;
                if (mid == l || mid == h) {
                    break;
                }
                if (countBelow(a, b, mid, piv) > rank) {
                    h = mid;
                } else {
                    l = mid;
                }
            }
            out[j] = l + (h - l) / 2;
        });
        return out;
    }

    /** Number of eigenvalues below {@code x} (Sturm sequence of {@code T - x I}). */
    private static int countBelow(double[] a, double[] b, double x, double pivmin) {
        int count = 0;
        double q = a[0] - x;
        for (int i = 0; ; i++) {
            if (Math.abs(q) < pivmin) {
                q = -pivmin;
            }
            if (q < 0) {
                count++;
            }
            if (i == a.length - 1) {
                return count;
            }
            q = a[i + 1] - x - b[i] * b[i] / q;
        }
    }

    /**
     * Eigenvectors of the tridiagonal matrix for the first {@code k} of {@code values} (descending) into rows of
     * {@code z}: inverse iteration from a seeded start, orthogonalised against the previous vectors of its
     * cluster (eigenvalues closer than {@code 1e-3 ||T||}, LAPACK's rule).
     */
    private static void tridiagonalVectors(double[] a, double[] b, double[] values, int k, double[] z) {
        int n = a.length;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            norm = Math.max(norm, Math.abs(a[i]) + (i > 0 ? Math.abs(b[i - 1]) : 0) + (i < n - 1 ? Math.abs(b[i]) : 0));
        }
        double tiny = Math.max(norm, Double.MIN_NORMAL) * Math.ulp(1.0);
        SplittableRandom rnd = new SplittableRandom(20110101);
        double[] x = new double[n];
        int clusterStart = 0;
        for (int j = 0; j < k; j++) {
            if (j > 0 && values[j - 1] - values[j] > 1e-3 * norm) {
                clusterStart = j;
            }
            double lambda = values[j];
            if (j > clusterStart && lambda >= values[j - 1] - tiny) {
                lambda = values[j - 1] - tiny;
            }
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextDouble(-1, 1);
            }
            for (int it = 0; it < 3; it++) {
                orthogonalize(x, z, clusterStart, j, n);
                normalize(x);
                solveShifted(a, b, lambda, tiny, x);
            }
            orthogonalize(x, z, clusterStart, j, n);
            normalize(x);
            System.arraycopy(x, 0, z, j * n, n);
        }
    }

    private static void orthogonalize(double[] x, double[] z, int from, int to, int n) {
        for (int p = from; p < to; p++) {
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += x[i] * z[p * n + i];
            }
            for (int i = 0; i < n; i++) {
                x[i] -= dot * z[p * n + i];
            }
        }
    }

    private static void normalize(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        double inv = 1 / Math.sqrt(s);
        for (int i = 0; i < x.length; i++) {
            x[i] *= inv;
        }
    }

    /**
     * Solves {@code (T - lambda I) y = x} in place by Gaussian elimination with partial pivoting (LAPACK
     * {@code dgtsv}); a pivot below {@code tiny} is replaced by {@code tiny}, as inverse iteration wants.
     */
    private static void solveShifted(double[] a, double[] b, double lambda, double tiny, double[] x) {
        int n = a.length;
        double[] d = new double[n];
        double[] du = new double[n];
        double[] du2 = new double[n];
        double[] dl = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[i] - lambda;
            if (i < n - 1) {
                du[i] = b[i];
                dl[i] = b[i];
            }
        }
        for (int i = 0; i < n - 1; i++) {
            if (Math.abs(d[i]) >= Math.abs(dl[i])) {
                if (Math.abs(d[i]) < tiny) {
                    d[i] = tiny;
                }
                double f = dl[i] / d[i];
                d[i + 1] -= f * du[i];
                x[i + 1] -= f * x[i];
                du2[i] = 0;
            } else {
                double f = d[i] / dl[i];
                d[i] = dl[i];
                double t = d[i + 1];
                d[i + 1] = du[i] - f * t;
                if (i < n - 2) {
                    du2[i] = du[i + 1];
                    du[i + 1] = -f * du[i + 1];
                }
                du[i] = t;
                double xt = x[i];
                x[i] = x[i + 1];
                x[i + 1] = xt - f * x[i + 1];
            }
        }
        if (Math.abs(d[n - 1]) < tiny) {
            d[n - 1] = tiny;
        }
        x[n - 1] /= d[n - 1];
        if (n > 1) {
            x[n - 2] = (x[n - 2] - du[n - 2] * x[n - 1]) / d[n - 2];
        }
        for (int i = n - 3; i >= 0; i--) {
            x[i] = (x[i] - du[i] * x[i + 1] - du2[i] * x[i + 2]) / d[i];
        }
    }
}
