package org.descry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.descry.cluster.CovarianceType;
import org.descry.cluster.GaussianMixture;
import org.descry.cluster.GaussianMixtureModel;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyWriter;

/**
 * Gaussian mixture EM at full size: synthetic float32 rows (default 416,314 x 250) drawn from {@code k} Gaussian
 * clusters with different spreads, fitted with {@code diag} and {@code full} covariances from given starting
 * parameters (the true centers moved a little, unit precisions), so no k-means runs.
 *
 * <p>Per type it times {@code fit} with {@code maxIter = 1} (one column-means/NaN pass, one E+M pass, the final
 * E-step for the labels, as scikit-learn's {@code fit}) and with {@code maxIter = 2}; the difference is the cost
 * of one EM iteration. Ratios are against the scikit-learn 1.2.1 figures of the brief (diag 1.73 s, full about
 * 69 s for one iteration on the same shape). Peak RSS is {@code VmHWM}. {@code --dump DIR} writes the data and the
 * starting means ({@code gmm_x.npy}, {@code gmm_means.npy}) for {@code sklearn_core.py}; {@code RESULT} lines are
 * printed for {@code run-core-bench.sh}.
 */
public final class GmmBench {

    private static final double SKLEARN_DIAG_SECONDS = 1.73;
    private static final double SKLEARN_FULL_SECONDS = 69;

    private GmmBench() {}

    public static void main(String[] args) throws IOException {
        int rows = 416_314;
        int cols = 250;
        int k = 10;
        String types = "diag,full";
        Path dump = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--k" -> k = Integer.parseInt(args[++i]);
                case "--types" -> types = args[++i];
                case "--dump" -> dump = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; use --rows N --cols D --k K --types diag,full,tied,spherical --dump DIR");
            }
        }
        long t0 = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(42);
        double[] centers = new double[k * cols];
        double[] spread = new double[k];
        for (int c = 0; c < k; c++) {
            spread[c] = 0.5 + rnd.nextDouble();
            for (int j = 0; j < cols; j++) {
                centers[c * cols + j] = 4 * (rnd.nextDouble() - 0.5);
            }
        }
        FloatMatrix x = synthetic(rows, cols, k, centers, spread);
        System.out.printf("data: %d x %d float32 (%.2f GB), k = %d, generated in %.2f s, %d threads%n", rows, cols,
                4.0 * rows * cols / 1e9, k, (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().availableProcessors());

        double[] weights = new double[k];
        double[] means = new double[k * cols];
        for (int c = 0; c < k; c++) {
            weights[c] = 1.0 / k;
            for (int j = 0; j < cols; j++) {
                means[c * cols + j] = centers[c * cols + j] + 0.2 * (rnd.nextDouble() - 0.5);
            }
        }
        if (dump != null) {
            Files.createDirectories(dump);
            NumpyWriter.writeNpy(dump.resolve("gmm_x.npy"), x);
            float[] m = new float[means.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = (float) means[i];
            }
            NumpyWriter.writeNpy(dump.resolve("gmm_means.npy"), FloatMatrix.wrap(m, k, cols));
        }
        for (String name : types.split(",")) {
            CovarianceType type = CovarianceType.parse(name.trim());
            GaussianMixture config = GaussianMixture.of(k).withCovarianceType(type).withWeightsInit(weights)
                    .withMeansInit(means).withPrecisionsInit(unitPrecisions(type, k, cols));
            config.withMaxIter(2).fit(x.rowRange(0, Math.min(rows, 50_000)));
            double one = Double.MAX_VALUE;
            double two = Double.MAX_VALUE;
            double oneCpu = 0;
            double twoCpu = 0;
            GaussianMixtureModel m = null;
            int repeats = type == CovarianceType.FULL ? 1 : 3;
            for (int r = 0; r < repeats; r++) {
                long s = System.nanoTime();
                long c = cpuNanos();
                m = config.withMaxIter(1).fit(x);
                double t = (System.nanoTime() - s) / 1e9;
                if (t < one) {
                    one = t;
                    oneCpu = (cpuNanos() - c) / 1e9;
                }
                s = System.nanoTime();
                c = cpuNanos();
                config.withMaxIter(2).fit(x);
                t = (System.nanoTime() - s) / 1e9;
                if (t < two) {
                    two = t;
                    twoCpu = (cpuNanos() - c) / 1e9;
                }
            }
            double iteration = two - one;
            double ref = type == CovarianceType.FULL ? SKLEARN_FULL_SECONDS
                    : type == CovarianceType.DIAG ? SKLEARN_DIAG_SECONDS : Double.NaN;
            System.out.printf("%-9s fit(maxIter=1) %.3f s (cpu %.2f s), fit(maxIter=2) %.3f s (cpu %.2f s),"
                    + " one EM iteration %.3f s (cpu %.2f s); scikit-learn %.2f s: %.1fx faster (iteration),"
                    + " %.1fx (fit maxIter=1); lower bound %.4f%n", type.sklearnName(), one, oneCpu, two, twoCpu,
                    iteration, twoCpu - oneCpu, ref, ref / iteration, ref / one, m.lowerBound());
            BenchData.result("gmm_" + type.sklearnName() + "_iter", iteration, ref);
        }
        System.out.printf("load average at the end: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.printf("peak RSS (VmHWM): %s%n", peakRss());
    }

    private static double[] unitPrecisions(CovarianceType type, int k, int d) {
        double[] p = new double[type.parameterLength(k, d)];
        switch (type) {
            case FULL -> {
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < d; j++) {
                        p[c * d * d + j * d + j] = 1;
                    }
                }
            }
            case TIED -> {
                for (int j = 0; j < d; j++) {
                    p[j * d + j] = 1;
                }
            }
            default -> java.util.Arrays.fill(p, 1);
        }
        return p;
    }

    /** Rows of cluster {@code i % k}, Gaussian noise of that cluster's spread, filled in parallel by block. */
    private static FloatMatrix synthetic(int rows, int cols, int k, double[] centers, double[] spread) {
        FloatMatrix x = FloatMatrix.zeros(rows, cols);
        int block = 4096;
        int blocks = (rows + block - 1) / block;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            SplittableRandom g = new SplittableRandom(1000 + b);
            int from = b * block;
            int to = Math.min(rows, from + block);
            float[] buf = new float[cols];
            for (int r = from; r < to; r++) {
                int c = g.nextInt(k);
                for (int j = 0; j < cols; j++) {
                    buf[j] = (float) (centers[c * cols + j] + spread[c] * g.nextGaussian());
                }
                x.setRow(r, buf, 0);
            }
        });
        return x;
    }

    /** CPU time of the whole process (all threads): on a shared machine, wall time over this shows contention. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String peakRss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return line.substring(6).trim();
            }
        }
        return "unknown";
    }
}
