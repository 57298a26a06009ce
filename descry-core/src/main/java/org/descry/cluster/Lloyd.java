package org.descry.cluster;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.linalg.Kernels;

/**
 * Lloyd's algorithm as scikit-learn 1.2's {@code _kmeans_single_lloyd}: assign every row to its nearest centre,
 * move each centre to the mean of its rows (empty clusters relocated to far rows first), stop when no label
 * changed ("strict convergence") or when the squared centre shifts sum to at most {@code tol}; without strict
 * convergence a last assignment makes the labels match the returned centres.
 *
 * <p>One iteration is one parallel pass over blocks of rows, each row read once from memory: a block's dot
 * products with the centres come from the fused small-{@code k} kernel ({@link NearestCentre},
 * {@link org.descry.linalg.CentreDots}) straight from the heap array after one sequential pass has pulled the
 * block into L2 ({@link NearestCentre#touch}; memory outside the heap is copied a block at a time instead), and
 * while the block is still in cache its rows, sorted by label (stably), are summed into per-block float32 sums
 * ({@link Kernels#addRows}: running sums in registers, the same bits as adding row by row) that are added to
 * per-chunk double sums. Chunks are fixed by the data's shape and merged in order, so results do not depend on the
 * number of threads. The buffers live for the whole run ({@link Pass}).
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
        Pass pass = new Pass(n, d, k);
        for (; i < maxIter; i++) {
            Sums s = pass.run(x, centres, labels, kernels, threads);
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
        return new Pass(x.rows(), x.cols(), k).run(x, centres, labels, kernels, threads);
    }

    /**
     * The buffers of {@link #pass}, allocated once per run: per-chunk double sums and counts, per-worker float
     * block sums, label orders, block buffers and distance tiles.
     */
    static final class Pass {
        private final int k;
        private final int d;
        private final int br;
        private final int blocks;
        private final int chunks;
        private final double[][] chunkSums;
        private final long[] counts;
        private final long[] changed;
        private final double[] sums;
        private final NearestCentre.Scratch scratch = new NearestCentre.Scratch();
        private float[][] blockSums = new float[0][];
        private int[][] starts = new int[0][];
        private int[][] orders = new int[0][];

        Pass(int n, int d, int k) {
            this.k = k;
            this.d = d;
            br = NearestCentre.blockRows(d);
            blocks = (n + br - 1) / br;
            chunks = chunks(blocks, k, d);
            chunkSums = new double[chunks][k * d];
            counts = new long[chunks * k];
            changed = new long[chunks];
            sums = new double[k * d];
        }

        Sums run(FloatMatrix x, float[] centres, int[] labels, Kernels kernels, int threads) {
            int n = x.rows();
            NearestCentre nc = new NearestCentre(centres, k, d, kernels);
            Kernels row = kernels.withThreads(1);
            float[] heap = x.heapArray();
            int workers = Workers.workers(threads, chunks);
            scratch.prepare(workers, heap == null ? br * d : 0, nc.tileSize(br));
            if (blockSums.length < workers) {
                blockSums = new float[workers][k * d];
                starts = new int[workers][k + 1];
                orders = new int[workers][br];
            }
            java.util.Arrays.fill(counts, 0);
            Workers.forEach(threads, chunks, (w, c) -> {
                int b0 = (int) ((long) blocks * c / chunks);
                int b1 = (int) ((long) blocks * (c + 1) / chunks);
                double[] sums = chunkSums[c];
                java.util.Arrays.fill(sums, 0);
                float[] bs = blockSums[w];
                float[] tile = scratch.tiles[w];
                long ch = 0;
                for (int b = b0; b < b1; b++) {
                    int r0 = b * br;
                    int r1 = Math.min(n, r0 + br);
                    float[] src = heap;
                    int off = r0 * d;
                    if (heap == null) {
                        src = scratch.bufs[w];
                        off = 0;
                        x.copyRows(r0, r1, src, 0);
                    } else {
                        scratch.sink[w] += NearestCentre.touch(heap, off, (r1 - r0) * d);
                    }
                    ch += nc.assign(src, off, r1 - r0, tile, labels, r0);
                    int[] start = starts[w];
                    int[] byLabel = orders[w];
                    java.util.Arrays.fill(start, 0);
                    for (int r = r0; r < r1; r++) {
                        start[labels[r] + 1]++;
                    }
                    for (int j = 0; j < k; j++) {
                        counts[c * k + j] += start[j + 1];
                        start[j + 1] += start[j];
                    }
                    for (int r = r0; r < r1; r++) {
                        byLabel[start[labels[r]]++] = r - r0;
                    }
                    for (int j = 0, from = 0; j < k; j++) {
                        int to = start[j];
                        if (to > from) {
                            row.addRows(src, off, d, byLabel, from, to, bs, j * d);
                            drain(bs, sums, j * d, d);
                        }
                        from = to;
                    }
                }
                changed[c] = ch;
            });
            System.arraycopy(chunkSums[0], 0, sums, 0, sums.length);
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
    }

    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class,
            VectorShape.forBitSize(32 * DOUBLES.length()));

    /**
     * {@code sums[o ..] += bs[o ..]; bs[o ..] = 0} over {@code d} values, a vector at a time (C2 does not vectorise
     * the float-to-double loop, which took a tenth of the pass); each sum is the same double addition.
     */
    static void drain(float[] bs, double[] sums, int o, int d) {
        int lanes = DOUBLES.length();
        int q = 0;
        FloatVector zero = FloatVector.zero(FLOATS);
        for (; q + lanes <= d; q += lanes) {
            DoubleVector f = (DoubleVector) FloatVector.fromArray(FLOATS, bs, o + q)
                    .convertShape(VectorOperators.F2D, DOUBLES, 0);
            DoubleVector.fromArray(DOUBLES, sums, o + q).add(f).intoArray(sums, o + q);
            zero.intoArray(bs, o + q);
        }
        for (; q < d; q++) {
            sums[o + q] += bs[o + q];
            bs[o + q] = 0;
        }
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
        float[] heap = x.heapArray();
        float[][] bufs = new float[Workers.workers(threads, tasks)][];
        Workers.forEach(threads, tasks, (w, t) -> {
            int r0 = t * br;
            int r1 = Math.min(n, r0 + br);
            float[] src = heap;
            int off = r0 * d;
            if (heap == null) {
                if (bufs[w] == null) {
                    bufs[w] = new float[br * d];
                }
                src = bufs[w];
                off = 0;
                x.copyRows(r0, r1, src, 0);
            }
            for (int r = 0; r < r1 - r0; r++) {
                dist[r0 + r] = row.squaredDistance(src, off + r * d, centres, labels[r0 + r] * d, d);
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
