package org.descry.embed;

/**
 * All eigenpairs of a small dense symmetric matrix by cyclic Jacobi rotations (Golub and Van Loan, section 8.5),
 * for the projected matrices of {@link LanczosEigen} and small graphs: accurate to working precision, and
 * simple enough to trust for a few hundred rows.
 */
final class JacobiEigen {

    private JacobiEigen() {}

    /**
     * Eigenvalues of the symmetric {@code n x n} row-major {@code a} (destroyed) in decreasing order, written to
     * {@code values}; the matching unit eigenvectors are the columns of {@code vectors} ({@code n x n} row-major).
     */
    static void decompose(double[] a, int n, double[] values, double[] vectors) {
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += a[i * n + i] * a[i * n + i];
                for (int j = i + 1; j < n; j++) {
                    off += a[i * n + j] * a[i * n + j];
                }
            }
            if (off <= 1e-30 * Math.max(diag, Double.MIN_NORMAL)) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p * n + q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k * n + p];
                        double akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p * n + k];
                        double aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k * n + p];
                        double vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 1; i < n; i++) {
            int cur = idx[i];
            int j = i - 1;
            while (j >= 0 && a[idx[j] * n + idx[j]] < a[cur * n + cur]) {
                idx[j + 1] = idx[j];
                j--;
            }
            idx[j + 1] = cur;
        }
        for (int c = 0; c < n; c++) {
            values[c] = a[idx[c] * n + idx[c]];
            for (int r = 0; r < n; r++) {
                vectors[r * n + c] = v[r * n + idx[c]];
            }
        }
    }
}
