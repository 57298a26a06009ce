package org.descry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.descry.cluster.KMeans;
import org.descry.cluster.KMeansModel;
import org.descry.cluster.MiniBatchKMeans;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyWriter;
import org.descry.linalg.CentreDots;
import org.descry.linalg.Kernels;

/**
 * Full-size k-means timings against scikit-learn 1.2.1's figures on the same shape: one Lloyd iteration (k=10),
 * k-means++ seeding (k=10) and a whole mini-batch k-means fit (k=10, batch 4096), on synthetic float32 data
 * shaped like a 250-component PCA projection of descriptors (40 Gaussian clusters in a space whose feature
 * scales decay like principal components).
 *
 * <p>One Lloyd iteration is timed through the public API between consecutive progress callbacks of a fit with
 * {@code maxIter = 11} (tol 0): the median of iterations 2 to 11 of a rep (the first may still be compiling),
 * each one assignment pass with the row sums plus the centre update. Wall seconds are given as min / median over the reps with the
 * CPU seconds of all Java threads next to them, because the shared machine's load inflates wall time; and the distance
 * kernel the assignment used before ({@code multiplyTransposed} block tiles) is timed against the fused
 * {@link CentreDots} in the same process, on one thread in thread CPU time.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx3g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.KMeansBench [--rows 416314] [--cols 250] [--reps 3] [--dump DIR] [--lloyd-only]</pre>
 *
 * <p>{@code --lloyd-only} times the Lloyd iteration alone (more reps fit in a quiet moment of a shared machine).
 *
 * <p>{@code --dump DIR} writes the data and the k-means++ initial centres ({@code kmeans_x.npy},
 * {@code kmeans_init.npy}) for {@code sklearn_core.py}, and {@code RESULT} lines are printed for
 * {@code run-core-bench.sh}.
 */
public final class KMeansBench {

    private static final double SKLEARN_LLOYD_ITER = 0.166;
    private static final double SKLEARN_PLUSPLUS = 6.1;
    private static final double SKLEARN_MINIBATCH = 1.7;

    private KMeansBench() {}

    public static void main(String[] args) throws IOException {
        int rows = 416_314;
        int cols = 250;
        int reps = 3;
        Path dump = null;
        boolean lloydOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--dump" -> dump = Path.of(args[++i]);
                case "--lloyd-only" -> lloydOnly = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --rows N --cols D --reps R --dump DIR --lloyd-only");
            }
        }
        int threads = Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        FloatMatrix x = data(rows, cols, 40, 42);
        System.out.printf("data %d x %d float32 (%.0f MB) made in %.1f s, %d threads%n", rows, cols,
                4.0 * rows * cols / 1e6, (System.nanoTime() - t0) / 1e9, threads);

        FloatMatrix init = KMeans.kMeansPlusPlus(x, 10, 1, threads);
        if (dump != null) {
            Files.createDirectories(dump);
            NumpyWriter.writeNpy(dump.resolve("kmeans_x.npy"), x);
            NumpyWriter.writeNpy(dump.resolve("kmeans_init.npy"), init);
        }
        KMeans one = KMeans.of(10).withInitialCentres(init).withTol(0).withThreads(threads);
        one.withMaxIter(3).fit(x);
        double[] iter = new double[reps];
        double[] iterCpu = new double[reps];
        double[] seed = new double[reps];
        double[] seedCpu = new double[reps];
        double[] mini = new double[reps];
        double[] miniCpu = new double[reps];
        double[] gemm = new double[reps];
        double[] fused = new double[reps];
        for (int r = 0; r < reps; r++) {
            long[] wallAt = new long[12];
            long[] cpuAt = new long[12];
            wallAt[0] = System.nanoTime();
            cpuAt[0] = cpuNanos();
            KMeansModel m = one.withMaxIter(11).fit(x, (i, total) -> {
                wallAt[(int) i] = System.nanoTime();
                cpuAt[(int) i] = cpuNanos();
            });
            int last = m.nIter();
            double[] perIter = new double[Math.max(1, last - 1)];
            double[] perIterCpu = new double[perIter.length];
            for (int i = 2; i <= last; i++) {
                perIter[i - 2] = (wallAt[i] - wallAt[i - 1]) / 1e9;
                perIterCpu[i - 2] = (cpuAt[i] - cpuAt[i - 1]) / 1e9;
            }
            iter[r] = median(perIter);
            iterCpu[r] = median(perIterCpu);
            if (lloydOnly) {
                System.out.printf("rep %d: lloyd iteration %.4f s (cpu %.4f s), fastest iteration %.4f s%n", r,
                        iter[r], iterCpu[r], Arrays.stream(perIter).min().orElse(Double.NaN));
                continue;
            }
            long s0 = System.nanoTime();
            long cs0 = cpuNanos();
            KMeans.kMeansPlusPlus(x, 10, r, threads);
            seed[r] = (System.nanoTime() - s0) / 1e9;
            seedCpu[r] = (cpuNanos() - cs0) / 1e9;
            long m0 = System.nanoTime();
            long cm0 = cpuNanos();
            KMeansModel mb = MiniBatchKMeans.of(10).withBatchSize(4096).withSeed(r).withThreads(threads).fit(x);
            mini[r] = (System.nanoTime() - m0) / 1e9;
            miniCpu[r] = (cpuNanos() - cm0) / 1e9;
            double[] ab = assignmentKernels(x, init.toArray(), 10);
            gemm[r] = ab[0];
            fused[r] = ab[1];
            System.out.printf("rep %d: lloyd iteration %.4f s (cpu %.4f s), k-means++ %.3f s (cpu %.3f s), "
                    + "mini-batch %.3f s (cpu %.3f s; n_iter %d, inertia %.4g vs full k-means %.4g), "
                    + "one-thread distance pass gemm %.4f s vs fused %.4f s cpu%n", r, iter[r], iterCpu[r],
                    seed[r], seedCpu[r], mini[r], miniCpu[r], mb.nIter(), mb.inertia(), m.inertia(), gemm[r],
                    fused[r]);
        }
        System.out.println();
        System.out.println("wall seconds min / median over reps; cpu = CPU seconds of all Java threads, median");
        row("Lloyd iteration, k=10", iter, iterCpu, SKLEARN_LLOYD_ITER);
        if (lloydOnly) {
            BenchData.result("lloyd_iter", Arrays.stream(iter).min().orElse(Double.NaN), SKLEARN_LLOYD_ITER);
            System.out.printf("peak RSS %.2f GB (VmHWM); load average %s%n", peakRssKb() / 1024.0 / 1024.0,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            return;
        }
        row("k-means++ seeding, k=10", seed, seedCpu, SKLEARN_PLUSPLUS);
        row("mini-batch k-means fit, k=10, batch 4096", mini, miniCpu, SKLEARN_MINIBATCH);
        BenchData.result("lloyd_iter", Arrays.stream(iter).min().orElse(Double.NaN), SKLEARN_LLOYD_ITER);
        BenchData.result("kmeanspp", Arrays.stream(seed).min().orElse(Double.NaN), SKLEARN_PLUSPLUS);
        BenchData.result("minibatch", Arrays.stream(mini).min().orElse(Double.NaN), SKLEARN_MINIBATCH);
        System.out.printf("distances of all rows to 10 centres, one thread, CPU s: GEMM blocks %.4f, fused %.4f "
                + "(%.1fx)%n", median(gemm), median(fused), median(gemm) / median(fused));
        System.out.printf("peak RSS %.2f GB (VmHWM); load average %s%n", peakRssKb() / 1024.0 / 1024.0,
                Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static void row(String what, double[] wall, double[] cpu, double sklearn) {
        double min = Arrays.stream(wall).min().orElse(Double.NaN);
        System.out.printf("%-42s %8.4f / %8.4f s  (cpu %8.4f s)   scikit-learn %.3f s   ratio %.1fx%n", what, min,
                median(wall), median(cpu), sklearn, sklearn / min);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * CPU nanoseconds of all live Java threads (the caller and the worker pools; not the JIT and GC threads),
     * with nanosecond resolution where the process CPU time of the OS ticks in 10 ms.
     */
    private static long cpuNanos() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : bean.getAllThreadIds()) {
            sum += Math.max(0, bean.getThreadCpuTime(id));
        }
        return sum;
    }

    /**
     * The reference the fused kernel replaced, timed in the same process on one thread (thread CPU time, so the
     * shared machine's load matters less): the dot products of every row with {@code k} centres through
     * {@link Kernels#multiplyTransposed} block tiles (what assignment did before) versus through
     * {@link CentreDots}. Both give the same bits; the result is {@code {gemm, fused}} seconds.
     */
    static double[] assignmentKernels(FloatMatrix x, float[] centres, int k) {
        int n = x.rows();
        int d = x.cols();
        int br = Math.max(16, Math.min(1024, (1 << 16) / d));
        Kernels one = Kernels.best().withThreads(1);
        FloatMatrix c = FloatMatrix.wrap(centres, k, d);
        CentreDots dots = one.centreDots(centres, k, d);
        float[] tile = new float[Math.max(br * k, dots.tileSize(br))];
        float[] buf = new float[br * d];
        float[] heap = x.heapArray();
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long t0 = bean.getCurrentThreadCpuTime();
        for (int r0 = 0; r0 < n; r0 += br) {
            int r1 = Math.min(n, r0 + br);
            x.copyRows(r0, r1, buf, 0);
            one.multiplyTransposed(c, 0, k, FloatMatrix.wrap(buf, br, d), 0, r1 - r0, tile);
        }
        long t1 = bean.getCurrentThreadCpuTime();
        for (int r0 = 0; r0 < n; r0 += br) {
            int r1 = Math.min(n, r0 + br);
            if (heap != null) {
                dots.multiply(heap, r0 * d, r1 - r0, tile);
            } else {
                x.copyRows(r0, r1, buf, 0);
                dots.multiply(buf, 0, r1 - r0, tile);
            }
        }
        long t2 = bean.getCurrentThreadCpuTime();
        return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
    }

    /**
     * {@code rows x cols} float32 rows from {@code clusters} Gaussian clusters: cluster means with feature scale
     * {@code 4 / sqrt(1 + j)} and within-cluster noise {@code 1 / sqrt(1 + j)} for feature {@code j}, like the
     * decaying variances of principal components.
     */
    static FloatMatrix data(int rows, int cols, int clusters, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] scale = new float[cols];
        for (int j = 0; j < cols; j++) {
            scale[j] = (float) (1 / Math.sqrt(1 + j));
        }
        float[] means = new float[clusters * cols];
        for (int i = 0; i < means.length; i++) {
            means[i] = (float) (4 * rnd.nextGaussian() * scale[i % cols]);
        }
        FloatMatrix x = FloatMatrix.zeros(rows, cols);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            int c = rnd.nextInt(clusters);
            for (int j = 0; j < cols; j++) {
                row[j] = means[c * cols + j] + (float) rnd.nextGaussian() * scale[j];
            }
            x.setRow(r, row, 0);
        }
        return x;
    }

    static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
