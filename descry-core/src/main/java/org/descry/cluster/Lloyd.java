package org.descry.cluster;

import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.linalg.Kernels;

/**
 * Lloyd's algorithm as scikit-learn 1.2's {@code _kmeans_single_lloyd}: assign every row to its nearest centre,
 * move each centre to the mean of its rows (empty clusters relocated to far rows first), stop when no label
 * changed ("strict convergence") or when the squared centre shifts sum to at most {@code tol}; without strict
 * convergence a last assignment makes the labels match the returned centres.
 *
 * <p>One iteration is one parallel pass over blocks of rows: a block is copied once into a worker's array, its
 * distances to the centres come from one {@link Kernels#multiplyTransposed} tile ({@link NearestCentre}), and its
 * rows are summed into per-block float32 sums that are added to per-chunk double sums. Chunks are fixed by the
 * data's shape and merged in order, so results do not depend on the number of threads.
 */
final class Lloyd {

    private Lloyd() {}

    /** What one k-means run returns. */
    record Result(float[] centres, int[] labels, double inertia, int nIter) {}

    /** Sums, counts and label changes of one assignment pass. */
    record Sums(double[] sums, long[] counts, long changed) {}

    static Result run(FloatMatrix x, float[] init, int k, int maxIter, double tol, Kernels kernels, int threads,
            Progress progress) {
        int n = x.rows();
        int d = x.cols();
        float[] centres = init.clone();
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, -1);
        boolean strict = false;
        int i = 0;
        for (; i < maxIter; i++) {
            Sums s = pass(x, centres, k, labels, kernels, threads);
            float[] updated = newCentres(x, s, centres, labels, k, kernels, threads);
            double shift = squaredShift(centres, updated);
            centres = updated;
            progress.step(i + 1, maxIter);
            if (s.changed() == 0) {
                strict = true;
                break;
            }
            if (shift <= tol) {
                break;
            }
        }
        int nIter = Math.min(i + 1, maxIter);
        double[] inertia = new double[1];
        if (!strict) {
            labels = NearestCentre.labels(x, centres, k, kernels, threads, inertia);
        } else {
            inertia[0] = inertia(x, centres, labels, kernels, threads);
        }
        return new Result(centres, labels, inertia[0], nIter);
    }

    /** Chunks of rows whose double sums are kept apart and merged in order (fixed by shape, not threads). */
    static int chunks(int blocks, int k, int d) {
        long perChunk = Math.max(1L, (long) k * d);
        int byMemory = (int) Math.max(4, Math.min(64, (1L << 23) / perChunk));
        return Math.max(1, Math.min(blocks, byMemory));
    }

    /** Assigns every row (updating {@code labels}) and sums the rows of each cluster. */
    static Sums pass(FloatMatrix x, float[] centres, int k, int[] labels, Kernels kernels, int threads) {
        int n = x.rows();
        int d = x.cols();
        NearestCentre nc = new NearestCentre(centres, k, d, kernels);
        Kernels row = kernels.withThreads(1);
        int br = NearestCentre.blockRows(d);
        int blocks = (n + br - 1) / br;
        int chunks = chunks(blocks, k, d);
        double[][] chunkSums = new double[chunks][];
        long[] counts = new long[chunks * k];
        long[] changed = new long[chunks];
        Workers.forEach(threads, chunks, c -> {
            int b0 = (int) ((long) blocks * c / chunks);
            int b1 = (int) ((long) blocks * (c + 1) / chunks);
            double[] sums = new double[k * d];
            float[] blockSums = new float[k * d];
            boolean[] touched = new boolean[k];
            float[] buf = new float[br * d];
            FloatMatrix block = FloatMatrix.wrap(buf, br, d);
            float[] tile = nc.newTile(br);
            long ch = 0;
            for (int b = b0; b < b1; b++) {
                int r0 = b * br;
                int r1 = Math.min(n, r0 + br);
                x.copyRows(r0, r1, buf, 0);
                ch += nc.assign(block, r1 - r0, tile, labels, r0);
                for (int r = 0; r < r1 - r0; r++) {
                    int j = labels[r0 + r];
                    touched[j] = true;
                    counts[c * k + j]++;
                    row.axpy(1f, buf, r * d, blockSums, j * d, d);
                }
                for (int j = 0; j < k; j++) {
                    if (touched[j]) {
                        touched[j] = false;
                        int o = j * d;
                        for (int q = 0; q < d; q++) {
                            sums[o + q] += blockSums[o + q];
                            blockSums[o + q] = 0;
                        }
                    }
                }
            }
            chunkSums[c] = sums;
            changed[c] = ch;
        });
        double[] sums = chunkSums[0];
        long[] total = new long[k];
        long ch = 0;
        for (int c = 0; c < chunks; c++) {
            if (c > 0) {
                double[] s = chunkSums[c];
                for (int q = 0; q < sums.length; q++) {
                    sums[q] += s[q];
                }
            }
            for (int j = 0; j < k; j++) {
                total[j] += counts[c * k + j];
            }
            ch += changed[c];
        }
        return new Sums(sums, total, ch);
    }

    /**
     * Means of the clusters after scikit-learn's {@code _relocate_empty_clusters_dense}: each empty cluster takes
     * one of the rows farthest from their current centre (farthest first), which leaves its old cluster.
     */
    static float[] newCentres(FloatMatrix x, Sums s, float[] old, int[] labels, int k, Kernels kernels,
            int threads) {
        int d = x.cols();
        double[] sums = s.sums();
        long[] counts = s.counts();
        int empty = 0;
        for (int j = 0; j < k; j++) {
            if (counts[j] == 0) {
                empty++;
            }
        }
        if (empty > 0) {
            int[] far = farthest(x, old, labels, empty, kernels, threads);
            float[] row = new float[d];
            int e = 0;
            for (int j = 0; j < k && e < far.length; j++) {
                if (counts[j] != 0) {
                    continue;
                }
                int r = far[e++];
                x.copyRow(r, row, 0);
                int from = labels[r];
                for (int q = 0; q < d; q++) {
                    sums[from * d + q] -= row[q];
                    sums[j * d + q] = row[q];
                }
                counts[from]--;
                counts[j] = 1;
            }
        }
        float[] centres = new float[k * d];
        for (int j = 0; j < k; j++) {
            if (counts[j] > 0) {
                for (int q = 0; q < d; q++) {
                    centres[j * d + q] = (float) (sums[j * d + q] / counts[j]);
                }
            } else {
                System.arraycopy(old, j * d, centres, j * d, d);
            }
        }
        return centres;
    }

    /** The {@code m} rows farthest from their labelled centre, farthest first (ties: lower row first). */
    static int[] farthest(FloatMatrix x, float[] centres, int[] labels, int m, Kernels kernels, int threads) {
        int n = x.rows();
        int d = x.cols();
        float[] dist = distancesToOwnCentre(x, centres, labels, kernels, threads);
        int[] out = new int[Math.min(n, m)];
        // Selection of the m largest by repeated scan: m is the number of empty clusters, small.
        boolean[] taken = new boolean[n];
        for (int e = 0; e < out.length; e++) {
            int best = -1;
            for (int r = 0; r < n; r++) {
                if (!taken[r] && (best < 0 || dist[r] > dist[best])) {
                    best = r;
                }
            }
            taken[best] = true;
            out[e] = best;
        }
        return out;
    }

    static float[] distancesToOwnCentre(FloatMatrix x, float[] centres, int[] labels, Kernels kernels,
            int threads) {
        int n = x.rows();
        int d = x.cols();
        Kernels row = kernels.withThreads(1);
        int br = NearestCentre.blockRows(d);
        int tasks = (n + br - 1) / br;
        float[] dist = new float[n];
        Workers.forEach(threads, tasks, t -> {
            int r0 = t * br;
            int r1 = Math.min(n, r0 + br);
            float[] buf = new float[(r1 - r0) * d];
            x.copyRows(r0, r1, buf, 0);
            for (int r = 0; r < r1 - r0; r++) {
                dist[r0 + r] = row.squaredDistance(buf, r * d, centres, labels[r0 + r] * d, d);
            }
        });
        return dist;
    }

    /** Sum of squared distances of the rows to their labelled centres, in double, merged in block order. */
    static double inertia(FloatMatrix x, float[] centres, int[] labels, Kernels kernels, int threads) {
        float[] dist = distancesToOwnCentre(x, centres, labels, kernels, threads);
        double s = 0;
        for (float v : dist) {
            s += v;
        }
        return s;
    }

    /** {@code sum_j ||new_j - old_j||^2}: scikit-learn's {@code (center_shift**2).sum()}. */
    static double squaredShift(float[] old, float[] updated) {
        double s = 0;
        for (int q = 0; q < old.length; q++) {
            double v = (double) updated[q] - old[q];
            s += v * v;
        }
        return s;
    }
}
