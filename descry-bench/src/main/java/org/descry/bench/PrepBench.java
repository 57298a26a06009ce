package org.descry.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;
import org.descry.linalg.Kernels;
import org.descry.preprocess.ColumnScaling;
import org.descry.preprocess.Pca;
import org.descry.preprocess.PcaFit;
import org.descry.preprocess.StandardScaler;

/**
 * Full-size preprocessing: standard scaling and PCA of a synthetic descriptor set with cluster structure
 * (non-negative like CNN embeddings), generated in the process, off-heap.
 *
 * <p>Steps timed: first the pipeline as {@code Preprocessing.fit} runs it, {@code StandardScaler} fit then
 * {@code Pca.fitTransform(raw, scaling, ...)} with the scaling folded into the PCA (no scaled copy), with its peak
 * RSS ({@code --repeat} times; {@code --pipeline-only} then times one AᵀA pass and stops); then, for comparison,
 * {@code StandardScaler} fit, transform into a new matrix, transform in place; one {@code Kernels.centeredGram} pass
 * (the AᵀA the exact PCA is built on) with its GFLOP/s; exact PCA {@code fitTransform} of the scaled matrix to
 * {@code --components}; optionally ({@code --randomized}) the randomized solver. Peak RSS ({@code VmHWM}) is printed
 * after the scaling and, after resetting it through {@code /proc/self/clear_refs}, for each PCA alone.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx2g -XX:MaxDirectMemorySize=12g \
 *     -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.PrepBench [--rows 416314] [--cols 2560] [--components 250] [--clusters 64] [--randomized]
 *     [--pipeline-only] [--repeat R] [--dump DIR]</pre>
 *
 * <p>{@code --dump DIR} first writes the generated matrix as {@code DIR/x2560.pickle} (for {@code sklearn_core.py})
 * and times reading it back with {@code NumpyReader}. {@code RESULT} lines (load, scale, pca_full, pca_randomized)
 * are printed for {@code run-core-bench.sh}.
 */
public final class PrepBench {

    private static final double SKLEARN_SCALE_S = 28.7;
    private static final double SKLEARN_PCA_RANDOMIZED_S = 183;
    private static final double SKLEARN_PCA_FULL_S = 340;

    private PrepBench() {}

    public static void main(String[] args) throws IOException {
        int rows = 416_314;
        int cols = 2560;
        int components = 250;
        int clusters = 64;
        boolean randomized = false;
        boolean pipelineOnly = false;
        int repeats = 1;
        Path dump = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--components" -> components = Integer.parseInt(args[++i]);
                case "--clusters" -> clusters = Integer.parseInt(args[++i]);
                case "--randomized" -> randomized = true;
                case "--pipeline-only" -> pipelineOnly = true;
                case "--repeat" -> repeats = Integer.parseInt(args[++i]);
                case "--dump" -> dump = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; use --rows N "
                        + "--cols N --components K --clusters C --randomized --pipeline-only --repeat R --dump DIR");
            }
        }
        System.out.printf("PrepBench %d x %d float32 (%.2f GB), %d clusters, %d threads, %s%n", rows, cols,
                4.0 * rows * cols / 1e9, clusters, Runtime.getRuntime().availableProcessors(), Kernels.best());
        long t0 = System.nanoTime();
        FloatMatrix x = generate(rows, cols, clusters, 7);
        System.out.printf("generate          %8.2f s%n", seconds(t0));
        System.out.printf("peak RSS after generate: %.2f GB%n", peakRssGb());
        if (dump != null) {
            load(x, dump);
        }

        for (int rep = 0; rep < repeats; rep++) {
            pipeline(x, components);
        }
        if (pipelineOnly) {
            Kernels k = Kernels.best();
            double[] mean = k.columnMeans(x);
            t0 = System.nanoTime();
            k.centeredGram(x, mean);
            double gram = seconds(t0);
            System.out.printf("one AᵀA pass      %8.2f s (centeredGram, %.1f GFLOP/s counting n d (d+1))%n", gram,
                    (double) rows * cols * (cols + 1) / gram / 1e9);
            return;
        }

        resetPeakRss();
        t0 = System.nanoTime();
        ColumnScaling scaler = new StandardScaler().fit(x, Progress.NONE);
        double fit = seconds(t0);
        Arena copyArena = Arena.ofShared();
        t0 = System.nanoTime();
        FloatMatrix scaled = FloatMatrix.of(copyArena.allocate(4L * rows * cols, 64), rows, cols);
        double allocate = seconds(t0);
        t0 = System.nanoTime();
        scaler.transformInto(x, scaled);
        double transform = seconds(t0) + allocate;
        System.out.printf("standard fit      %8.2f s%n", fit);
        System.out.printf("standard transform%8.2f s (new matrix: %.2f s allocating it, %.2f s scaling into it)%n",
                transform, allocate, transform - allocate);
        System.out.printf("standard scaling  %8.2f s  (scikit-learn fit_transform %.1f s: %.1fx faster)%n",
                fit + transform, SKLEARN_SCALE_S, SKLEARN_SCALE_S / (fit + transform));
        BenchData.result("scale", fit + transform, SKLEARN_SCALE_S);
        System.out.printf("peak RSS after scaling (input + scaled copy): %.2f GB (scikit-learn 13.6 GB)%n",
                peakRssGb());
        t0 = System.nanoTime();
        scaler.transformInto(x, scaled);
        System.out.printf("standard again    %8.2f s (into the same matrix, pages already mapped)%n", seconds(t0));
        scaled = null;
        copyArena.close();
        t0 = System.nanoTime();
        scaler.transformInto(x, x);
        System.out.printf("standard in place %8.2f s (transformInto(x, x))%n", seconds(t0));
        System.gc();

        boolean reset = resetPeakRss();
        Kernels k = Kernels.best();
        double[] mean = k.columnMeans(x);
        t0 = System.nanoTime();
        k.centeredGram(x, mean);
        double gram = seconds(t0);
        double flops = (double) rows * cols * (cols + 1);
        System.out.printf("one AᵀA pass      %8.2f s (centeredGram, %.1f GFLOP/s counting n d (d+1))%n", gram,
                flops / gram / 1e9);

        t0 = System.nanoTime();
        PcaFit fitted = Pca.components(components).fitTransform(x, Progress.NONE);
        double pca = seconds(t0);
        double kept = 0;
        for (double v : fitted.model().explainedVarianceRatio()) {
            kept += v;
        }
        System.out.printf("PCA exact k=%d   %8.2f s (%.2fx the AᵀA pass; scikit-learn full ~%.0f s: %.1fx faster, "
                + "randomized %.0f s: %.1fx faster); variance kept %.4f%n", components, pca, pca / gram,
                SKLEARN_PCA_FULL_S, SKLEARN_PCA_FULL_S / pca, SKLEARN_PCA_RANDOMIZED_S, SKLEARN_PCA_RANDOMIZED_S / pca,
                kept);
        System.out.printf("peak RSS %s: %.2f GB (input %.2f GB + reduced copy %.2f GB)%n",
                reset ? "during PCA" : "of the process", peakRssGb(), 4.0 * rows * cols / 1e9,
                4.0 * rows * components / 1e9);
        BenchData.result("pca_full", pca, SKLEARN_PCA_FULL_S);
        if (randomized) {
            fitted = null;
            System.gc();
            resetPeakRss();
            t0 = System.nanoTime();
            PcaFit r = Pca.components(components).withSolver(Pca.Solver.RANDOMIZED).fitTransform(x, Progress.NONE);
            double rt = seconds(t0);
            double rk = 0;
            for (double v : r.model().explainedVarianceRatio()) {
                rk += v;
            }
            System.out.printf("PCA randomized k=%d %6.2f s (scikit-learn %.0f s: %.1fx faster); variance kept %.4f%n",
                    components, rt, SKLEARN_PCA_RANDOMIZED_S, SKLEARN_PCA_RANDOMIZED_S / rt, rk);
            BenchData.result("pca_randomized", rt, SKLEARN_PCA_RANDOMIZED_S);
        }
    }

    /**
     * Writes {@code x} as {@code DIR/x2560.pickle} (the input {@code sklearn_core.py} times on) and times reading
     * it back the way {@code descry} reads a descriptor pickle: {@code NumpyReader} maps the file and the
     * {@code FloatMatrix} is a view of the mapping, so the pages are read on first use, not here (scikit-learn's
     * side is {@code pickle.load}, which copies the whole file into memory).
     */
    private static void load(FloatMatrix x, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("x" + x.cols() + ".pickle");
        long t0 = System.nanoTime();
        NumpyWriter.writePickle(file, x);
        System.out.printf("wrote %s in %.2f s%n", file, seconds(t0));
        resetPeakRss();
        t0 = System.nanoTime();
        FloatMatrix mapped = NumpyReader.read(file).toFloatMatrix();
        double load = seconds(t0);
        System.out.printf("load (NumpyReader, mapped) %8.4f s, %d x %d%n", load, mapped.rows(), mapped.cols());
        BenchData.result("load", load, Double.NaN);
    }

    private static double peakRssGb() {
        return BenchData.peakRssGb();
    }

    private static boolean resetPeakRss() {
        return BenchData.resetPeakRss();
    }

    /** StandardScaler fit, then the PCA with the scaling folded in, as {@code Preprocessing.fit} runs them. */
    private static void pipeline(FloatMatrix x, int components) throws IOException {
        int rows = x.rows();
        int cols = x.cols();
        boolean pipelineReset = resetPeakRss();
        long t0 = System.nanoTime();
        ColumnScaling standard = new StandardScaler().fit(x, Progress.NONE);
        double pipeFit = seconds(t0);
        t0 = System.nanoTime();
        PcaFit folded = Pca.components(components).fitTransform(x, standard, Progress.NONE);
        double pipePca = seconds(t0);
        double foldedKept = 0;
        for (double v : folded.model().explainedVarianceRatio()) {
            foldedKept += v;
        }
        System.out.printf("pipeline StandardScaler + PCA k=%d on the raw rows (Preprocessing.fit, no scaled copy): "
                + "%.2f s = scaler fit %.2f s + PCA %.2f s; variance kept %.4f%n", components, pipeFit + pipePca,
                pipeFit, pipePca, foldedKept);
        System.out.printf("peak RSS %s: %.2f GB (input %.2f GB + reduced copy %.2f GB)%n",
                pipelineReset ? "during the pipeline" : "of the process", peakRssGb(), 4.0 * rows * cols / 1e9,
                4.0 * rows * components / 1e9);
    }

    /**
     * Rows {@code max(0, centre_c + noise)}: {@code clusters} centres with a decaying per-column spread, uniform
     * noise; each block of rows from its own seeded generator, in parallel.
     */
    static FloatMatrix generate(int rows, int cols, int clusters, long seed) {
        FloatMatrix x = FloatMatrix.zeros(rows, cols);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] centres = new float[clusters * cols];
        for (int c = 0; c < clusters; c++) {
            for (int j = 0; j < cols; j++) {
                centres[c * cols + j] = (float) (rnd.nextGaussian() * 2.0 / (1 + j / 64.0) + 0.5);
            }
        }
        int block = 1024;
        int blocks = (rows + block - 1) / block;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + b);
            int from = b * block;
            int to = Math.min(rows, from + block);
            float[] buf = new float[(to - from) * cols];
            for (int i = 0; i < to - from; i++) {
                int c = r.nextInt(clusters);
                for (int j = 0; j < cols; j++) {
                    float noise = (r.nextInt() >> 8) * 0x1p-23f;
                    buf[i * cols + j] = Math.max(0, centres[c * cols + j] + noise);
                }
            }
            java.lang.foreign.MemorySegment.copy(buf, 0, x.segment(), FloatMatrix.LAYOUT, 4L * from * cols,
                    buf.length);
        });
        return x;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
