package org.descry.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.NumpyWriter;
import org.descry.metrics.CalinskiHarabasz;
import org.descry.metrics.ClusterDispersion;
import org.descry.metrics.DaviesBouldin;
import org.descry.metrics.Noise;
import org.descry.metrics.Silhouette;

/**
 * Clustering metrics at full size: a synthetic rows x cols float32 matrix of k Gaussian clusters (centres
 * N(0, 1) per coordinate, unit spread, cluster sizes unequal), then Calinski-Harabasz + Davies-Bouldin together
 * (one {@link ClusterDispersion}: two passes) and the silhouette of a seeded sample. The first run of each step
 * is cold (JIT compiling), then {@code --reps} warm runs, best reported. Compared with scikit-learn 1.2.1 figures
 * measured on the same machine for the same shapes.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx4g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.MetricsBench [--rows 416314] [--cols 250] [--k 10] [--sample 10000] [--reps 3] [--dump DIR]</pre>
 *
 * <p>{@code --dump DIR} writes the data and labels ({@code metrics_x.npy}, {@code metrics_labels.npy}) for
 * {@code sklearn_core.py}; {@code RESULT} lines are printed for {@code run-core-bench.sh}.
 */
public final class MetricsBench {

    private static final double SKLEARN_CH_DB = 1.5;
    private static final double SKLEARN_SILHOUETTE = 2.4;

    private MetricsBench() {}

    public static void main(String[] args) throws Exception {
        int rows = 416_314;
        int cols = 250;
        int k = 10;
        int sample = 10_000;
        int reps = 3;
        Path dump = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--k" -> k = Integer.parseInt(args[++i]);
                case "--sample" -> sample = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--dump" -> dump = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "' (use --rows, --cols, --k, --sample, --reps, --dump)");
            }
        }
        System.out.printf("data: %,d x %d float32, k = %d, %d threads%n", rows, cols, k,
                Runtime.getRuntime().availableProcessors());
        long t0 = System.nanoTime();
        int[] labels = new int[rows];
        FloatMatrix x = clusters(rows, cols, k, labels);
        System.out.printf("generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        if (dump != null) {
            Files.createDirectories(dump);
            NumpyWriter.writeNpy(dump.resolve("metrics_x.npy"), x);
            NumpyWriter.writeNpy(dump.resolve("metrics_labels.npy"), labels, rows, 1);
        }

        double[] result = new double[2];
        double chDb = time("CH + DB", reps, SKLEARN_CH_DB, () -> {
            ClusterDispersion d = ClusterDispersion.of(x, labels, Noise.EXCLUDE, Progress.NONE);
            result[0] = CalinskiHarabasz.score(d);
            result[1] = DaviesBouldin.score(d);
        });
        System.out.printf("  CH = %.6g, DB = %.6g%n", result[0], result[1]);
        BenchData.result("chdb", chDb, SKLEARN_CH_DB);
        int s = sample;
        double sil = time("silhouette, " + sample + " sample", reps, SKLEARN_SILHOUETTE,
                () -> result[0] = Silhouette.sampledScore(x, labels, s, 0));
        System.out.printf("  silhouette = %.6g%n", result[0]);
        BenchData.result("silhouette", sil, SKLEARN_SILHOUETTE);
        System.out.printf("peak RSS (VmHWM): %s%n", peakRss());
    }

    /**
     * Wall seconds of the first (cold) and best warm run, and the process CPU seconds of that warm run: on a
     * shared machine CPU time / threads estimates the wall time with the cores to ourselves.
     */
    private static double time(String what, int reps, double sklearn, Runnable step) {
        long c0 = System.nanoTime();
        step.run();
        double cold = (System.nanoTime() - c0) / 1e9;
        double best = Double.POSITIVE_INFINITY;
        double bestCpu = 0;
        for (int r = 0; r < reps; r++) {
            long cpu = cpuNanos();
            long t = System.nanoTime();
            step.run();
            double wall = (System.nanoTime() - t) / 1e9;
            if (wall < best) {
                best = wall;
                bestCpu = (cpuNanos() - cpu) / 1e9;
            }
        }
        System.out.printf("%s: cold %.3f s, warm best of %d %.3f s (CPU %.3f s); scikit-learn %.1f s:"
                + " %.1fx faster warm, %.1fx cold%n", what, cold, reps, best, bestCpu, sklearn, sklearn / best,
                sklearn / cold);
        return best;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** k Gaussian clusters of unequal size (weights 1 .. k), rows in random order, generated in parallel. */
    static FloatMatrix clusters(int rows, int cols, int k, int[] labels) {
        SplittableRandom rnd = new SplittableRandom(20261125);
        float[] centres = new float[k * cols];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) rnd.nextGaussian();
        }
        int totalWeight = k * (k + 1) / 2;
        for (int r = 0; r < rows; r++) {
            int w = rnd.nextInt(totalWeight);
            int c = 0;
            while (w >= c + 1) {
                w -= c + 1;
                c++;
            }
            labels[r] = c;
        }
        FloatMatrix x = FloatMatrix.zeros(rows, cols);
        int chunk = 4096;
        IntStream.range(0, (rows + chunk - 1) / chunk).parallel().forEach(b -> {
            SplittableRandom g = new SplittableRandom(b * 7919L + 1);
            float[] row = new float[cols];
            for (int r = b * chunk; r < Math.min(rows, (b + 1) * chunk); r++) {
                int o = labels[r] * cols;
                for (int j = 0; j < cols; j++) {
                    row[j] = centres[o + j] + (float) g.nextGaussian();
                }
                x.setRow(r, row, 0);
            }
        });
        return x;
    }

    static String peakRss() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return line.substring(6).trim();
            }
        }
        return "unknown";
    }
}
