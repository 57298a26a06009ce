package org.descry.cluster;

import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Workers;

/**
 * Column means and variances of the data in one parallel pass (double accumulators, merged in block order),
 * which give scikit-learn's data-dependent tolerance ({@code _tolerance}: {@code tol * mean(var(X, axis=0))})
 * and, on the way, the check that every value is finite. A heap matrix is read in place, others one block copy
 * at a time.
 */
record DataStats(double[] mean, double[] variance) {

    /** Means and population variances; throws a {@link DescryException} naming {@code name} on NaN/Inf. */
    static DataStats of(FloatMatrix x, String name, int threads) {
        int n = x.rows();
        int d = x.cols();
        int block = Math.max(1, (1 << 16) / Math.max(1, d));
        int tasks = (n + block - 1) / block;
        double[] sums = new double[tasks * d];
        double[] squares = new double[tasks * d];
        float[] heap = x.heapArray();
        int workers = Workers.workers(threads, tasks);
        float[][] bufs = new float[workers][];
        double[][] locals = new double[workers][d];
        Workers.forEach(threads, tasks, (w, t) -> {
            int r0 = t * block;
            int r1 = Math.min(n, r0 + block);
            float[] buf = heap;
            int base = r0 * d;
            if (heap == null) {
                if (bufs[w] == null) {
                    bufs[w] = new float[block * d];
                }
                buf = bufs[w];
                base = 0;
                x.copyRows(r0, r1, buf, 0);
            }
            int o = t * d;
            for (int r = 0; r < r1 - r0; r++) {
                int ro = base + r * d;
                for (int c = 0; c < d; c++) {
                    sums[o + c] += buf[ro + c];
                }
            }
            for (int c = 0; c < d; c++) {
                if (!Double.isFinite(sums[o + c])) {
                    throw nonFinite(name, buf, base, r0, r1 - r0, d);
                }
            }
            double[] local = locals[w];
            for (int c = 0; c < d; c++) {
                local[c] = sums[o + c] / (r1 - r0);
            }
            for (int r = 0; r < r1 - r0; r++) {
                int ro = base + r * d;
                for (int c = 0; c < d; c++) {
                    double v = buf[ro + c] - local[c];
                    squares[o + c] += v * v;
                }
            }
        });
        // Chan et al.'s pairwise merge of block means and centred sums of squares: stable for large means.
        double[] mean = new double[d];
        double[] m2 = new double[d];
        long count = 0;
        for (int t = 0; t < tasks; t++) {
            int rows = Math.min(n, (t + 1) * block) - t * block;
            for (int c = 0; c < d; c++) {
                double blockMean = sums[t * d + c] / rows;
                double delta = blockMean - mean[c];
                long total = count + rows;
                mean[c] += delta * rows / total;
                m2[c] += squares[t * d + c] + delta * delta * ((double) count * rows / total);
            }
            count += rows;
        }
        for (int c = 0; c < d; c++) {
            m2[c] = n == 0 ? 0 : m2[c] / n;
        }
        return new DataStats(mean, m2);
    }

    /** scikit-learn's {@code _tolerance}: {@code tol} times the mean of the per-feature variances. */
    double tolerance(double tol) {
        if (tol == 0) {
            return 0;
        }
        double s = 0;
        for (double v : variance) {
            s += v;
        }
        return variance.length == 0 ? 0 : s / variance.length * tol;
    }

    static void requireFinite(FloatMatrix x, String name) {
        int d = x.cols();
        float[] row = new float[d];
        for (int r = 0; r < x.rows(); r++) {
            x.copyRow(r, row, 0);
            for (int c = 0; c < d; c++) {
                if (!Float.isFinite(row[c])) {
                    throw new DescryException(name + ": row " + r + " column " + c + " is " + row[c]
                            + "; drop or impute non-finite rows first");
                }
            }
        }
    }

    private static DescryException nonFinite(String name, float[] buf, int base, int r0, int rows, int d) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < d; c++) {
                float v = buf[base + r * d + c];
                if (!Float.isFinite(v)) {
                    return new DescryException(name + ": row " + (r0 + r) + " column " + c + " is " + v
                            + "; drop or impute non-finite rows first");
                }
            }
        }
        return new DescryException(name + ": column sums overflow near rows " + r0 + ".." + (r0 + rows - 1)
                + "; values are too large for float32 statistics");
    }
}
