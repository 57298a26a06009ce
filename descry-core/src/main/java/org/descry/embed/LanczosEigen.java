package org.descry.embed;

import java.util.SplittableRandom;
import org.descry.data.Workers;

/**
 * The {@code k} largest eigenpairs of a large sparse symmetric operator by thick-restart Lanczos (Wu and Simon
 * 2000) with full re-orthogonalisation: a Krylov basis of {@code ncv} vectors (classical Gram-Schmidt applied
 * twice, in parallel over fixed row blocks, so the result does not depend on the thread count), the projected
 * matrix diagonalised by {@link JacobiEigen}, and on restart the best {@code ncv / 2} Ritz vectors kept with the
 * last residual. A pair has converged when its Ritz residual {@code ||A y - θ y||} is at most {@code tol |θ|}
 * (ARPACK's criterion, which umap-learn's {@code eigsh(..., tol=1e-4)} uses). Optionally the basis is kept
 * orthogonal to a known eigenvector ({@code deflate}), which is then never returned.
 */
final class LanczosEigen {

    /** {@code y = A x} for vectors of length {@code n}. */
    @FunctionalInterface
    interface Operator {
        void apply(double[] x, double[] y);
    }

    /**
     * The eigenvalues (decreasing) and unit eigenvectors (vector {@code i} at {@code [i n, (i + 1) n)}) found,
     * whether all {@code k} converged, the restarts used and the largest relative residual.
     */
    record Result(double[] values, double[] vectors, boolean converged, int restarts, double maxResidual) {}

    private static final int BLOCK = 8192;

    private LanczosEigen() {}

    static Result largest(Operator op, int n, int k, double[] deflate, int ncv, double tol, int maxRestarts,
            long seed, int threads) {
        int m = Math.min(ncv, n - (deflate == null ? 0 : 1));
        if (k > m - 1 || (long) m * n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cannot find " + k + " eigenpairs with " + m + " Lanczos vectors of "
                    + n);
        }
        int keep = Math.max(k + 1, m / 2);
        double[] v = new double[m * n];
        double[] w = new double[n];
        double[] h = new double[m * m];
        double[] coef = new double[m];
        SplittableRandom random = new SplittableRandom(seed);
        double[] start = new double[n];
        for (int i = 0; i < n; i++) {
            start[i] = random.nextDouble() - 0.5;
        }
        System.arraycopy(start, 0, v, 0, n);
        orthonormalise(v, 0, n, deflate, coef, threads);
        int filled = 0;
        double[] values = new double[m];
        double[] y = new double[m * m];
        double[] s = new double[m * m];
        double beta = 0;
        int restarts = 0;
        double worst = Double.POSITIVE_INFINITY;
        while (true) {
            for (int j = filled; j < m; j++) {
                System.arraycopy(v, j * n, start, 0, n);
                op.apply(start, w);
                for (int pass = 0; pass < 2; pass++) {
                    project(v, j + 1, n, w, deflate, coef, threads);
                    for (int i = 0; i <= j; i++) {
                        h[i * m + j] += coef[i];
                    }
                }
                beta = norm(w);
                if (j + 1 < m) {
                    if (beta <= 1e-12 * Math.max(1, Math.abs(h[j * m + j]))) {
                        for (int i = 0; i < n; i++) {
                            w[i] = random.nextDouble() - 0.5;
                        }
                        project(v, j + 1, n, w, deflate, coef, threads);
                        project(v, j + 1, n, w, deflate, coef, threads);
                        double nw = norm(w);
                        for (int i = 0; i < n; i++) {
                            v[(j + 1) * n + i] = w[i] / nw;
                        }
                        beta = 0;
                    } else {
                        for (int i = 0; i < n; i++) {
                            v[(j + 1) * n + i] = w[i] / beta;
                        }
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                for (int j = i; j < m; j++) {
                    s[i * m + j] = h[i * m + j];
                    s[j * m + i] = h[i * m + j];
                }
            }
            JacobiEigen.decompose(s, m, values, y);
            worst = 0;
            for (int i = 0; i < k; i++) {
                double res = Math.abs(beta * y[(m - 1) * m + i]) / Math.max(Math.abs(values[i]), 1e-300);
                worst = Math.max(worst, res);
            }
            boolean converged = worst <= tol;
            if (converged || restarts >= maxRestarts) {
                double[] out = combine(v, y, m, n, k, threads);
                double[] vals = java.util.Arrays.copyOf(values, k);
                return new Result(vals, out, converged, restarts, worst);
            }
            restarts++;
            double[] kept = combine(v, y, m, n, keep, threads);
            System.arraycopy(kept, 0, v, 0, keep * n);
            for (int i = 0; i < n; i++) {
                v[keep * n + i] = w[i] / beta;
            }
            java.util.Arrays.fill(h, 0);
            for (int i = 0; i < keep; i++) {
                h[i * m + i] = values[i];
            }
            filled = keep;
        }
    }

    private static double[] combine(double[] v, double[] y, int m, int n, int count, int threads) {
        double[] out = new double[count * n];
        int blocks = (n + BLOCK - 1) / BLOCK;
        Workers.forEach(threads, blocks, (int b) -> {
            int from = b * BLOCK;
            int to = Math.min(n, from + BLOCK);
            for (int c = 0; c < count; c++) {
                for (int j = 0; j < m; j++) {
                    double yc = y[j * m + c];
                    if (yc == 0) {
                        continue;
                    }
                    int vo = j * n;
                    int oo = c * n;
                    for (int r = from; r < to; r++) {
                        out[oo + r] += yc * v[vo + r];
                    }
                }
            }
        });
        return out;
    }

    /** {@code w -= V Vᵀ w} over the first {@code count} basis vectors (coefficients to {@code coef}), then deflation. */
    private static void project(double[] v, int count, int n, double[] w, double[] deflate, double[] coef,
            int threads) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        double[] partial = new double[blocks * (count + 1)];
        Workers.forEach(threads, blocks, (int b) -> {
            int from = b * BLOCK;
            int to = Math.min(n, from + BLOCK);
            int po = b * (count + 1);
            for (int i = 0; i < count; i++) {
                int vo = i * n;
                double sum = 0;
                for (int r = from; r < to; r++) {
                    sum += v[vo + r] * w[r];
                }
                partial[po + i] = sum;
            }
            if (deflate != null) {
                double sum = 0;
                for (int r = from; r < to; r++) {
                    sum += deflate[r] * w[r];
                }
                partial[po + count] = sum;
            }
        });
        java.util.Arrays.fill(coef, 0);
        double dd = 0;
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < count; i++) {
                coef[i] += partial[b * (count + 1) + i];
            }
            dd += partial[b * (count + 1) + count];
        }
        double dfl = dd;
        Workers.forEach(threads, blocks, (int b) -> {
            int from = b * BLOCK;
            int to = Math.min(n, from + BLOCK);
            for (int i = 0; i < count; i++) {
                double c = coef[i];
                int vo = i * n;
                for (int r = from; r < to; r++) {
                    w[r] -= c * v[vo + r];
                }
            }
            if (deflate != null) {
                for (int r = from; r < to; r++) {
                    w[r] -= dfl * deflate[r];
                }
            }
        });
    }

    private static void orthonormalise(double[] v, int j, int n, double[] deflate, double[] coef, int threads) {
        double[] w = java.util.Arrays.copyOfRange(v, j * n, (j + 1) * n);
        project(v, j, n, w, deflate, coef, threads);
        project(v, j, n, w, deflate, coef, threads);
        double nw = norm(w);
        for (int i = 0; i < n; i++) {
            v[j * n + i] = w[i] / nw;
        }
    }

    private static double norm(double[] w) {
        double s = 0;
        for (double x : w) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
