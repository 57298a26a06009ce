package org.descry.cluster;

/**
 * The small dense double algebra of a Gaussian mixture's {@code d x d} parameters (row-major flat arrays):
 * Cholesky factors and triangular inverses, as scipy's {@code cholesky(lower=True)} and
 * {@code solve_triangular} in scikit-learn's {@code _compute_precision_cholesky}.
 */
final class MixtureAlgebra {

    private MixtureAlgebra() {}

    /**
     * Lower Cholesky factor of the symmetric matrix at {@code a[off ..]} into {@code l[0 .. d*d)}. Returns -1, or
     * the first column whose pivot is not positive (the matrix is not positive definite).
     */
    static int choleskyLower(double[] a, int off, int d, double[] l) {
        java.util.Arrays.fill(l, 0, d * d, 0);
        for (int j = 0; j < d; j++) {
            double s = a[off + j * d + j];
            for (int p = 0; p < j; p++) {
                s -= l[j * d + p] * l[j * d + p];
            }
            if (!(s > 0)) {
                return j;
            }
            double ljj = Math.sqrt(s);
            l[j * d + j] = ljj;
            for (int i = j + 1; i < d; i++) {
                double t = a[off + i * d + j];
                for (int p = 0; p < j; p++) {
                    t -= l[i * d + p] * l[j * d + p];
                }
                l[i * d + j] = t / ljj;
            }
        }
        return -1;
    }

    /** Inverse of the lower-triangular {@code l} (non-zero diagonal) into {@code inv}, lower triangular. */
    static void invertLower(double[] l, int d, double[] inv) {
        java.util.Arrays.fill(inv, 0, d * d, 0);
        for (int j = 0; j < d; j++) {
            inv[j * d + j] = 1 / l[j * d + j];
            for (int i = j + 1; i < d; i++) {
                double s = 0;
                for (int p = j; p < i; p++) {
                    s += l[i * d + p] * inv[p * d + j];
                }
                inv[i * d + j] = -s / l[i * d + i];
            }
        }
    }

    /** {@code out[off ..] = m mᵀ} for the {@code d x d} matrix at {@code m[mOff ..]}. */
    static void timesTranspose(double[] m, int mOff, int d, double[] out, int off) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int p = 0; p < d; p++) {
                    s += m[mOff + i * d + p] * m[mOff + j * d + p];
                }
                out[off + i * d + j] = s;
                out[off + j * d + i] = s;
            }
        }
    }

    /** {@code out[off ..] = mᵀ m} for the {@code d x d} matrix at {@code m[mOff ..]}. */
    static void transposeTimes(double[] m, int mOff, int d, double[] out, int off) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int p = 0; p < d; p++) {
                    s += m[mOff + p * d + i] * m[mOff + p * d + j];
                }
                out[off + i * d + j] = s;
                out[off + j * d + i] = s;
            }
        }
    }

    /** Transposes the {@code d x d} matrix at {@code m[off ..]} in place. */
    static void transposeInPlace(double[] m, int off, int d) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double t = m[off + i * d + j];
                m[off + i * d + j] = m[off + j * d + i];
                m[off + j * d + i] = t;
            }
        }
    }

    /** {@code y[yOff + j] += a * x[xOff + j]} for {@code j} in {@code [from, to)}. */
    static void axpy(double a, double[] x, int xOff, double[] y, int yOff, int from, int to) {
        for (int j = from; j < to; j++) {
            y[yOff + j] += a * x[xOff + j];
        }
    }

    /** {@code sum x[xOff + j] * y[yOff + j]} over {@code n}, with four partial sums. */
    static double dot(double[] x, int xOff, double[] y, int yOff, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += x[xOff + j] * y[yOff + j];
            s1 += x[xOff + j + 1] * y[yOff + j + 1];
            s2 += x[xOff + j + 2] * y[yOff + j + 2];
            s3 += x[xOff + j + 3] * y[yOff + j + 3];
        }
        for (; j < n; j++) {
            s0 += x[xOff + j] * y[yOff + j];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
