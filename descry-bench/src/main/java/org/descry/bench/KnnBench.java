package org.descry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.NnDescent;
import org.descry.knn.Recall;

/**
 * Full-size neighbour-graph timings: the {@code k = 15} graph of synthetic float32 data shaped like a 50-column
 * PCA projection of descriptors (40 Gaussian clusters, feature scales decaying like principal components; the
 * generator of {@link KMeansBench}), exactly by blocked brute force and approximately by NN-descent, with the
 * recall@15 of the approximate graph on a sample of rows.
 *
 * <p>The exact graph is timed on the first {@code --exact-queries} rows queried against all rows and
 * extrapolated linearly to every row (each query row costs the same: one pass over the whole reference set),
 * unless {@code --exact-queries} is at least the row count, when the whole self graph is timed.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx4g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.KnnBench [--rows 416314] [--cols 50] [--k 15] [--exact-queries 20000] [--seed 0]
 *     [--max-candidates C] [--skip-exact]</pre>
 */
public final class KnnBench {

    private KnnBench() {}

    /** CPU time of the whole process (all threads, JIT and GC included): steadier than wall time on a shared box. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) throws IOException {
        int rows = 416_314;
        int cols = 50;
        int k = 15;
        int exactQueries = 20_000;
        long seed = 0;
        int maxCandidates = NnDescent.DEFAULT_MAX_CANDIDATES;
        boolean skipExact = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--k" -> k = Integer.parseInt(args[++i]);
                case "--exact-queries" -> exactQueries = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--max-candidates" -> maxCandidates = Integer.parseInt(args[++i]);
                case "--skip-exact" -> skipExact = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --rows N --cols D --k K --exact-queries Q --seed S --max-candidates C --skip-exact");
            }
        }
        int threads = Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        FloatMatrix x = KMeansBench.data(rows, cols, 40, 42);
        System.out.printf("data %d x %d float32 (%.0f MB) made in %.1f s, %d threads, k = %d%n", rows, cols,
                4.0 * rows * cols / 1e6, (System.nanoTime() - t0) / 1e9, threads, k);

        ExactKnn exact = ExactKnn.of(k);
        if (!skipExact) {
            exact.query(x, x.rowRange(0, Math.min(rows, 2000)), Progress.NONE);
        }
        double exactSeconds = Double.NaN;
        if (skipExact) {
            System.out.println("exact graph not timed (--skip-exact)");
        } else if (exactQueries >= rows) {
            long s = System.nanoTime();
            long c = cpuNanos();
            exact.fit(x, Progress.NONE);
            exactSeconds = (System.nanoTime() - s) / 1e9;
            System.out.printf("exact graph (all %d rows)                %8.1f s  (cpu %.1f s)%n", rows, exactSeconds,
                    (cpuNanos() - c) / 1e9);
        } else {
            long s = System.nanoTime();
            long c = cpuNanos();
            exact.query(x, x.rowRange(0, exactQueries), Progress.NONE);
            double part = (System.nanoTime() - s) / 1e9;
            double cpu = (cpuNanos() - c) / 1e9;
            exactSeconds = part * rows / exactQueries;
            System.out.printf("exact: %d query rows x all %d rows  %6.1f s (cpu %.1f s) -> whole graph (x %.2f) "
                    + "%6.1f s (cpu %.1f s), extrapolated%n", exactQueries, rows, part, cpu, (double) rows / exactQueries,
                    exactSeconds, cpu * rows / exactQueries);
        }

        long s = System.nanoTime();
        NnDescent nnd = NnDescent.of(k).withSeed(seed).withMaxCandidates(maxCandidates);
        long start = s;
        long c0 = cpuNanos();
        double[] initSeconds = {Double.NaN};
        KnnGraph approx = nnd.fit(x, (done, total) -> {
            if (done == 1 && Double.isNaN(initSeconds[0])) {
                initSeconds[0] = (System.nanoTime() - start) / 1e9;
            }
        });
        double approxSeconds = (System.nanoTime() - s) / 1e9;
        System.out.printf("NN-descent graph (%d trees, max_candidates %d, %s iterations) %8.1f s  (cpu %.1f s)%n",
                nnd.resolvedTrees(rows), nnd.resolvedMaxCandidates(), approx.provenance().config().get("iterations_run"),
                approxSeconds, (cpuNanos() - c0) / 1e9);
        System.out.printf("  of which tree initialisation             %8.1f s%n", initSeconds[0]);
        s = System.nanoTime();
        double recall = Recall.sampled(approx, x, 1000, 1);
        System.out.printf("recall@%d on 1,000 sampled rows            %8.4f   (measured in %.1f s)%n", k, recall,
                (System.nanoTime() - s) / 1e9);
        System.out.printf("NN-descent / exact time                    %8.3f   (exact is %.1fx slower)%n",
                approxSeconds / exactSeconds, exactSeconds / approxSeconds);
        System.out.printf("peak RSS %.2f GB (VmHWM); load average %s%n", KMeansBench.peakRssKb() / 1024.0 / 1024.0,
                Files.readString(Path.of("/proc/loadavg")).trim());
    }
}
