package org.descry.cluster;

import org.descry.data.FloatMatrix;
import org.descry.linalg.Kernels;

/**
 * Finds each row's nearest centre with one matrix product per block of rows: with {@code m} the mean of the
 * centres and {@code c' = c - m}, {@code ||x - c||^2 = ||x - m||^2 + (||c'||^2 + 2 m·c') - 2 x·c'}, and the first
 * term is the same for every centre, so the nearest centre minimises {@code bias_j - 2 x·c'_j}.
 *
 * <p>scikit-learn's Lloyd step ranks centres the same way ({@code ||c||^2 - 2 x·c} from a GEMM) after
 * subtracting the data mean from {@code X}; shifting the centres instead gives the same smaller float32 dot
 * products without copying {@code X}. Ties go to the lower centre index, as in scikit-learn.
 */
final class NearestCentre {

    final int k;
    final int d;
    final float[] centres;
    private final FloatMatrix shifted;
    private final float[] bias;
    private final Kernels kernels;

    NearestCentre(float[] centres, int k, int d, Kernels kernels) {
        this.k = k;
        this.d = d;
        this.centres = centres;
        this.kernels = kernels.withThreads(1);
        double[] m = new double[d];
        for (int j = 0; j < k; j++) {
            for (int c = 0; c < d; c++) {
                m[c] += centres[j * d + c];
            }
        }
        for (int c = 0; c < d; c++) {
            m[c] /= k;
        }
        float[] s = new float[k * d];
        bias = new float[k];
        for (int j = 0; j < k; j++) {
            double norm = 0;
            double cross = 0;
            for (int c = 0; c < d; c++) {
                float v = (float) (centres[j * d + c] - m[c]);
                s[j * d + c] = v;
                norm += (double) v * v;
                cross += m[c] * v;
            }
            bias[j] = (float) (norm + 2 * cross);
        }
        shifted = FloatMatrix.wrap(s, k, d);
    }

    /** Rows per block for a {@code d}-wide input: about 256 KB of floats, between 16 and 1024 rows. */
    static int blockRows(int d) {
        return Math.max(16, Math.min(1024, (1 << 16) / Math.max(1, d)));
    }

    /** Scratch for {@link #assign}: {@code blockRows * k} floats. */
    float[] newTile(int blockRows) {
        return new float[blockRows * k];
    }

    /**
     * Nearest centre of each of the first {@code rows} rows of {@code block}, into {@code labels[off ..]};
     * returns how many labels changed.
     */
    int assign(FloatMatrix block, int rows, float[] tile, int[] labels, int off) {
        // Centres as the left operand: the micro-kernel's long side then runs along the block's rows.
        kernels.multiplyTransposed(shifted, 0, k, block, 0, rows, tile);
        int changed = 0;
        for (int r = 0; r < rows; r++) {
            int best = 0;
            float bestScore = bias[0] - 2 * tile[r];
            for (int j = 1; j < k; j++) {
                float s = bias[j] - 2 * tile[j * rows + r];
                if (s < bestScore) {
                    bestScore = s;
                    best = j;
                }
            }
            if (labels[off + r] != best) {
                labels[off + r] = best;
                changed++;
            }
        }
        return changed;
    }

    /** Exact {@code ||x_r - c_label||^2} of row {@code r} of {@code buf} (float32 kernel). */
    float squaredDistance(float[] buf, int r, int label) {
        return kernels.squaredDistance(buf, r * d, centres, label * d, d);
    }

    /** Labels of all rows of {@code x} and, when {@code inertia != null}, the inertia into {@code inertia[0]}. */
    static int[] labels(FloatMatrix x, float[] centres, int k, Kernels kernels, int threads, double[] inertia) {
        int n = x.rows();
        int d = x.cols();
        NearestCentre nc = new NearestCentre(centres, k, d, kernels);
        int[] labels = new int[n];
        int br = blockRows(d);
        int tasks = (n + br - 1) / br;
        double[] partial = new double[tasks];
        ThreadLocal<float[]> bufs = ThreadLocal.withInitial(() -> new float[br * d]);
        ThreadLocal<float[]> tiles = ThreadLocal.withInitial(() -> nc.newTile(br));
        Workers.forEach(threads, tasks, t -> {
            int r0 = t * br;
            int r1 = Math.min(n, r0 + br);
            float[] buf = bufs.get();
            x.copyRows(r0, r1, buf, 0);
            nc.assign(FloatMatrix.wrap(buf, br, d), r1 - r0, tiles.get(), labels, r0);
            if (inertia != null) {
                double s = 0;
                for (int r = 0; r < r1 - r0; r++) {
                    s += nc.squaredDistance(buf, r, labels[r0 + r]);
                }
                partial[t] = s;
            }
        });
        if (inertia != null) {
            double s = 0;
            for (double p : partial) {
                s += p;
            }
            inertia[0] = s;
        }
        return labels;
    }
}
