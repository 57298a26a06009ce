package org.descry.cluster;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Workers;
import org.descry.linalg.CentreDots;
import org.descry.linalg.Kernels;

/**
 * Finds each row's nearest centre from its dot products with the centres: with {@code m} the mean of the
 * centres and {@code c' = c - m}, {@code ||x - c||^2 = ||x - m||^2 + (||c'||^2 + 2 m·c') - 2 x·c'}, and the first
 * term is the same for every centre, so the nearest centre minimises {@code bias_j - 2 x·c'_j}.
 *
 * <p>scikit-learn's Lloyd step ranks centres the same way ({@code ||c||^2 - 2 x·c} from a GEMM) after
 * subtracting the data mean from {@code X}; shifting the centres instead gives the same smaller float32 dot
 * products without copying {@code X}. Ties go to the lower centre index, as in scikit-learn. The products come
 * from the fused small-{@code k} kernel {@link CentreDots}, which reads each row once from where it lies (the
 * heap array itself, or one block copy for memory outside the heap).
 */
final class NearestCentre {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    final int k;
    final int d;
    final float[] centres;
    private final CentreDots dots;
    private final float[] bias;
    private final float[] paddedBias;
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
        dots = this.kernels.centreDots(s, k, d);
        paddedBias = java.util.Arrays.copyOf(bias, Math.max(k, dots.stride()));
        java.util.Arrays.fill(paddedBias, k, paddedBias.length, Float.POSITIVE_INFINITY);
    }

    /**
     * Rows per block for a {@code d}-wide input: about 256 KB of floats, between 16 and 1024 rows, a multiple of
     * eight (the row group of {@link CentreDots}, whose single-row tail runs at a quarter of the speed).
     */
    static int blockRows(int d) {
        return Math.max(16, Math.min(1024, (1 << 16) / Math.max(1, d))) & ~7;
    }

    /**
     * Reads one float per 64-byte line of {@code x[off, off + len)} in address order and returns their sum (keep
     * it, or the JIT drops the loads). The dot-product kernel walks a block's rows a dozen at a time, column by
     * column, twelve interleaved streams the hardware prefetchers follow badly: from memory it ran at half its
     * in-cache speed. This sequential pass pulls the block into L2 at full bandwidth first, and with two workers
     * one worker's pass overlaps the other's arithmetic.
     */
    static float touch(float[] x, int off, int len) {
        float s = 0;
        int end = off + len;
        for (int i = off; i < end; i += 16) {
            s += x[i];
        }
        return s;
    }

    /** Floats of scratch {@link #assign} needs for {@code rows} rows. */
    int tileSize(int rows) {
        return dots.tileSize(rows);
    }

    /**
     * Nearest centre of the {@code rows} rows at {@code x[off ..]} into {@code labels[labelOff ..]}; returns how
     * many labels changed. {@code tile} holds at least {@link #tileSize tileSize(rows)} floats.
     */
    int assign(float[] x, int off, int rows, float[] tile, int[] labels, int labelOff) {
        dots.multiply(x, off, rows, tile);
        int stride = dots.stride();
        boolean vector = stride % LANES == 0;
        int changed = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * stride;
            int best = vector ? argminVector(tile, o, stride) : argmin(tile, o);
            if (labels[labelOff + r] != best) {
                labels[labelOff + r] = best;
                changed++;
            }
        }
        return changed;
    }

    /** {@code ||x - c_j||^2 - ||x - m||^2} from the dot products in {@code tile[o ..]}. */
    float score(float[] tile, int o, int j) {
        return bias[j] - 2 * tile[o + j];
    }

    /** The first {@code j} with the least {@code bias_j - 2 tile[o + j]} (scikit-learn's tie rule). */
    int argmin(float[] tile, int o) {
        int best = 0;
        float bestScore = score(tile, o, 0);
        for (int j = 1; j < k; j++) {
            float s = score(tile, o, j);
            if (s < bestScore) {
                bestScore = s;
                best = j;
            }
        }
        return best;
    }

    /**
     * {@link #argmin} a vector at a time: the same float operations per lane, padding lanes scored {@code +Inf},
     * the least score found by a lane reduction and its first lane by comparison, earlier vectors winning ties.
     */
    int argminVector(float[] tile, int o, int stride) {
        int best = 0;
        float bestScore = Float.POSITIVE_INFINITY;
        for (int v = 0; v < stride; v += LANES) {
            FloatVector score = FloatVector.fromArray(SPECIES, paddedBias, v)
                    .sub(FloatVector.fromArray(SPECIES, tile, o + v).mul(2f));
            float min = score.reduceLanes(VectorOperators.MIN);
            if (min < bestScore || v == 0) {
                bestScore = min;
                best = v + score.compare(VectorOperators.EQ, min).firstTrue();
            }
        }
        return best;
    }

    /** Exact {@code ||x_r - c_label||^2} of the row at {@code x[off ..]} (float32 kernel). */
    float squaredDistance(float[] x, int off, int label) {
        return kernels.squaredDistance(x, off, centres, label * d, d);
    }

    /**
     * A model's {@code predict} by its {@code k x d} centres: checks that the rows of {@code x} are as wide and
     * finite, then labels them on every processor.
     */
    static int[] predict(FloatMatrix x, FloatMatrix centres) {
        if (x.cols() != centres.cols()) {
            throw new DescryException("x: width " + x.cols() + " does not match the model's " + centres.cols());
        }
        DataStats.requireFinite(x, "x");
        return labels(x, centres.toArray(), centres.rows(), Kernels.best(), Workers.defaultThreads(), null);
    }

    /** Labels of all rows of {@code x} and, when {@code inertia != null}, the inertia into {@code inertia[0]}. */
    static int[] labels(FloatMatrix x, float[] centres, int k, Kernels kernels, int threads, double[] inertia) {
        int[] labels = new int[x.rows()];
        new NearestCentre(centres, k, x.cols(), kernels).labelAll(x, labels, inertia, threads, new Scratch());
        return labels;
    }

    /**
     * Writes the label of every row of {@code x} into {@code labels} and, when {@code inertia != null}, the
     * inertia (exact float32 distances summed in double per block, blocks merged in order) into
     * {@code inertia[0]}.
     */
    void labelAll(FloatMatrix x, int[] labels, double[] inertia, int threads, Scratch scratch) {
        label(x, null, null, labels, inertia, threads, scratch);
    }

    /**
     * {@link #labelAll} of the rows {@code x[index[i]]}, gathered into {@code rows[i * d ..]} by the same parallel
     * tasks that label them (a mini-batch: random rows are read at memory latency, so gathering pays from
     * both cores, and each block is labelled while it is still in cache).
     */
    void labelGathered(FloatMatrix x, int[] index, float[] rows, int[] labels, double[] inertia, int threads,
            Scratch scratch) {
        label(x, index, rows, labels, inertia, threads, scratch);
    }

    private void label(FloatMatrix x, int[] index, float[] rows, int[] labels, double[] inertia, int threads,
            Scratch scratch) {
        int n = index == null ? x.rows() : index.length;
        float[] heap = index == null ? x.heapArray() : rows;
        int br = blockRows(d);
        int tasks = (n + br - 1) / br;
        double[] partial = scratch.partial(tasks);
        scratch.prepare(Workers.workers(threads, tasks), heap == null ? br * d : 0, tileSize(br));
        Workers.forEach(threads, tasks, (w, t) -> {
            int r0 = t * br;
            int r1 = Math.min(n, r0 + br);
            float[] src = heap;
            int off = r0 * d;
            if (index != null) {
                for (int r = r0; r < r1; r++) {
                    x.copyRow(index[r], rows, r * d);
                }
            } else if (heap == null) {
                src = scratch.bufs[w];
                off = 0;
                x.copyRows(r0, r1, src, 0);
            } else {
                scratch.sink[w] += touch(heap, off, (r1 - r0) * d);
            }
            assign(src, off, r1 - r0, scratch.tiles[w], labels, r0);
            if (inertia != null) {
                double s = 0;
                for (int r = 0; r < r1 - r0; r++) {
                    s += squaredDistance(src, off + r * d, labels[r0 + r]);
                }
                partial[t] = s;
            }
        });
        if (inertia != null) {
            double s = 0;
            for (int t = 0; t < tasks; t++) {
                s += partial[t];
            }
            inertia[0] = s;
        }
    }

    /** Per-worker block buffers and tiles kept across calls, grown on demand. */
    static final class Scratch {
        float[][] bufs = new float[0][];
        float[][] tiles = new float[0][];
        /** Per-worker sums of {@link #touch}, kept so the JIT keeps its loads. */
        float[] sink = new float[0];
        private double[] partial = new double[0];

        void prepare(int workers, int bufSize, int tileSize) {
            if (bufs.length < workers) {
                bufs = java.util.Arrays.copyOf(bufs, workers);
                tiles = java.util.Arrays.copyOf(tiles, workers);
                sink = java.util.Arrays.copyOf(sink, workers);
            }
            for (int w = 0; w < workers; w++) {
                if (bufs[w] == null || bufs[w].length < bufSize) {
                    bufs[w] = new float[bufSize];
                }
                if (tiles[w] == null || tiles[w].length < tileSize) {
                    tiles[w] = new float[tileSize];
                }
            }
        }

        double[] partial(int tasks) {
            if (partial.length < tasks) {
                partial = new double[tasks];
            }
            return partial;
        }
    }
}
