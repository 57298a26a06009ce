package org.descry.linalg;

import org.descry.data.FloatMatrix;
import org.descry.data.Workers;

/**
 * The numeric kernels every Descry algorithm runs on: row-level operations on {@code float[]} slices and
 * blocked matrix products on {@link FloatMatrix}.
 *
 * <p>Two implementations with one contract: {@link #best()} ({@link VectorKernels}, the Vector API with
 * {@code FloatVector.SPECIES_PREFERRED}) for work, {@link #scalar()} ({@link ScalarKernels}, plain loops) as the
 * reference the tests hold the vector one to, and as the fallback to compare speed with. Each implementation
 * documents its float32 accumulation and the error bound that follows; results of both are bitwise independent
 * of the thread count.
 *
 * <p>A {@code Kernels} is immutable and thread-safe; {@link #threads()} is the number of threads its matrix
 * operations use (the calling thread plus shared daemon workers). Row-level operations always run on the
 * calling thread.
 */
public sealed interface Kernels permits VectorKernels, ScalarKernels {

    /** Vector kernels using all available processors. */
    static Kernels best() {
        return new VectorKernels(Workers.defaultThreads());
    }

    /** Scalar reference kernels using all available processors. */
    static Kernels scalar() {
        return new ScalarKernels(Workers.defaultThreads());
    }

    /** Threads used by the matrix operations. */
    int threads();

    /** The same kernels with {@code threads} threads ({@code >= 1}). */
    Kernels withThreads(int threads);

    /** {@code sum_i x[xOff + i] * y[yOff + i]} over {@code length} elements. */
    float dot(float[] x, int xOff, float[] y, int yOff, int length);

    /** {@code sum_i (x[xOff + i] - y[yOff + i])^2} over {@code length} elements. */
    float squaredDistance(float[] x, int xOff, float[] y, int yOff, int length);

    /**
     * {@link #squaredDistance}'s sum, added in another fixed order that costs less per call: for a hot loop that
     * measures one pair per call on rows of tens to a few hundred columns (the ranking key of a graph walk). The
     * vector lanes are added as a tree, by {@code log2 L} lane rotations ({@link LaneSum#tree}), where
     * {@code squaredDistance} ends by storing the vector and adding its {@code L} lanes in a chain; the columns
     * after the last whole vector, and every column of a row under {@link #TREE_SUM_VECTOR_FROM}, go through two
     * scalar running sums of rounded squares instead of a masked vector step. One call on rows in L1 (JMH,
     * {@code RowKernelsBench}): 16 against 21 ns at 144 columns, 16 against 18 at 42, 8 against 13 at 9.
     *
     * <p>Both implementations give the same bits, on every call whenever the JIT compiles the caller. They are
     * not {@code squaredDistance}'s bits, which stay as they are so that its callers' results do not change (a saved
     * labelling bundle's reject radii, for one, were calibrated with them).
     * With {@code L} lanes, {@code u = 2^-24} and {@code gamma(j) = j u / (1 - j u)}:
     * {@code |result - sum (x_i - y_i)^2| <= gamma(max(floor(n / 4L) + log2(L) + 7, 12)) * sum (x_i - y_i)^2}.
     */
    float squaredDistanceTreeSum(float[] x, int xOff, float[] y, int yOff, int length);

    /** Row length from which {@link #squaredDistanceTreeSum} runs on vectors; shorter rows are summed by scalars. */
    int TREE_SUM_VECTOR_FROM = 16;

    /**
     * {@code y[yOff + i] = fma(a, x[xOff + i], y[yOff + i])}: one rounding per element, so both implementations
     * give identical results.
     */
    void axpy(float a, float[] x, int xOff, float[] y, int yOff, int length);

    /**
     * {@code y[yOff + q] += x[xOff + rows[i] * d + q]} for {@code i} in {@code [from, to)} in order and
     * {@code q < d}: the rows added one after the other, each addition rounded once, so the result is bitwise that
     * of {@link #axpy} with {@code a = 1} row by row, in both implementations; the vector one keeps the running
     * sums in registers instead of loading and storing {@code y} per row. The per-cluster row sums of k-means.
     */
    void addRows(float[] x, int xOff, int d, int[] rows, int from, int to, float[] y, int yOff);

    /** {@code x[xOff + i] *= a}, exactly rounded per element in both implementations. */
    void scale(float a, float[] x, int xOff, int length);

    /** {@code ||row_r||^2} for every row of {@code a}, each as {@link #dot} of the row with itself. */
    float[] rowSquaredNorms(FloatMatrix a);

    /** {@code ||row_r||}: the square roots of {@link #rowSquaredNorms}. */
    default float[] rowNorms(FloatMatrix a) {
        float[] norms = rowSquaredNorms(a);
        for (int i = 0; i < norms.length; i++) {
            norms[i] = (float) Math.sqrt(norms[i]);
        }
        return norms;
    }

    /**
     * Column means of {@code a}, summed in double in row order (so at most {@code rows * 2^-53} relative error
     * per column, and the same on every run). For {@link #centeredGram}.
     */
    default double[] columnMeans(FloatMatrix a) {
        java.util.Objects.requireNonNull(a, "a");
        int cols = a.cols();
        double[] sum = new double[cols];
        if (a.rows() == 0) {
            return sum;
        }
        int block = Math.max(1, (1 << 16) / Math.max(1, cols));
        float[] buf = new float[block * cols];
        for (int r0 = 0; r0 < a.rows(); r0 += block) {
            int r1 = Math.min(a.rows(), r0 + block);
            a.copyRows(r0, r1, buf, 0);
            for (int r = 0; r < r1 - r0; r++) {
                for (int c = 0; c < cols; c++) {
                    sum[c] += buf[r * cols + c];
                }
            }
        }
        for (int c = 0; c < cols; c++) {
            sum[c] /= a.rows();
        }
        return sum;
    }

    /** {@code a·bᵀ}: the {@code a.rows() x b.rows()} matrix of dot products of rows (heap when it fits). */
    FloatMatrix multiplyTransposed(FloatMatrix a, FloatMatrix b);

    /**
     * Rows {@code [aFrom, aTo)} of {@code a} times rows {@code [bFrom, bTo)} of {@code b} transposed, written to
     * {@code out[(i - aFrom) * (bTo - bFrom) + (j - bFrom)]}. The building block of exact kNN and k-means
     * assignment over large sets: a caller streams blocks of {@code b} through one reused {@code out} tile
     * (with {@link #rowSquaredNorms} for {@code ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a·b}) instead of
     * allocating the full product.
     */
    void multiplyTransposed(FloatMatrix a, int aFrom, int aTo, FloatMatrix b, int bFrom, int bTo, float[] out);

    /**
     * The dot products of streamed rows with the {@code k x d} row-major {@code centres} (copied): the fused
     * small-{@code k} kernel of k-means assignment and k-means++ seeding. Same bits in both implementations and
     * as {@link #multiplyTransposed}; see {@link CentreDots}.
     */
    CentreDots centreDots(float[] centres, int k, int d);

    /**
     * {@code aᵀ·b} for {@code a} ({@code r x n}) and {@code b} ({@code r x m}) with the same rows, written to
     * {@code out[i * m + j] = sum_p a[p][i] * b[p][j]}: weighted sums of rows (a mixture M-step's
     * {@code respᵀ·X}) without transposing either operand. Same float32 accumulation and bound as
     * {@link #multiplyTransposed}, with {@code r} reduction steps.
     */
    void transposedMultiply(FloatMatrix a, FloatMatrix b, float[] out);

    /** {@code aᵀa}, the {@code d x d} scatter matrix of the rows of an {@code n x d} matrix, row-major. */
    double[] gram(FloatMatrix a);

    /**
     * {@code (a - 1 meanᵀ)ᵀ b} for {@code a} ({@code n x d}) and {@code b} ({@code n x m}), row-major {@code d x m}
     * in double: the projection step of a randomized PCA ({@code Xᵀ Q} on centred rows) without a centred or
     * transposed copy of {@code a}. Centering and accumulation as in {@link #centeredGram}.
     */
    default double[] centeredTransposedMultiply(FloatMatrix a, double[] mean, FloatMatrix b) {
        Checks.sameRows(a, b);
        Checks.mean(a, mean);
        double[] out = new double[Math.multiplyExact(a.cols(), b.cols())];
        addCenteredTransposedMultiply(a, mean, b, out);
        return out;
    }

    /**
     * {@code (a - 1 meanᵀ)ᵀ (a - 1 meanᵀ)}, row-major {@code d x d}: the scatter matrix of PCA (divide by
     * {@code n - 1} for the covariance). Centering happens before multiplying, not by subtracting
     * {@code n mean meanᵀ} afterwards, which cancels catastrophically when the means are large next to the spread.
     */
    double[] centeredGram(FloatMatrix a, double[] mean);

    /**
     * Rows of a reduction block of the blocked products. {@link #addCenteredGram} and
     * {@link #addCenteredTransposedMultiply} fed consecutive blocks of rows whose sizes are multiples of it (the
     * last block any size) sum exactly what one call over all the rows sums, in the same order, so the result is
     * bitwise the same.
     */
    int REDUCTION_BLOCK = 256;

    /**
     * Adds {@code (a - 1 meanᵀ)ᵀ (a - 1 meanᵀ)} to {@code out} ({@code d x d}, row-major) on and above the
     * diagonal; entries below it are left with unspecified values until {@link #mirrorUpper} copies the upper
     * triangle down.
     * The streaming form of {@link #centeredGram}, for rows that are not one matrix (a subset of a mapped set,
     * gathered block by block into a buffer): blocks sized as {@link #REDUCTION_BLOCK} says, then
     * {@code mirrorUpper}, give bitwise {@code centeredGram} of all the rows.
     */
    void addCenteredGram(FloatMatrix a, double[] mean, double[] out);

    /**
     * Adds {@code (a - 1 meanᵀ)ᵀ b} to {@code out} ({@code d x m}, row-major): the streaming form of
     * {@link #centeredTransposedMultiply}, with the same block rule ({@link #REDUCTION_BLOCK}); {@code b} holds the
     * rows matching those of {@code a}.
     */
    void addCenteredTransposedMultiply(FloatMatrix a, double[] mean, FloatMatrix b, double[] out);

    /** Copies the upper triangle of the {@code d x d} row-major {@code m} onto its lower triangle. */
    static void mirrorUpper(double[] m, int d) {
        if (m.length < (long) d * d) {
            throw new IllegalArgumentException("m has " + m.length + " values, a " + d + " x " + d + " matrix needs "
                    + (long) d * d);
        }
        for (int i = 1; i < d; i++) {
            for (int j = 0; j < i; j++) {
                m[i * d + j] = m[j * d + i];
            }
        }
    }
}
