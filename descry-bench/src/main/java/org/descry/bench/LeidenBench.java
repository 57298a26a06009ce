package org.descry.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.descry.cluster.Leiden;
import org.descry.cluster.LeidenModel;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.NumpyWriter;
import org.descry.knn.CsrGraph;
import org.descry.knn.KnnGraph;
import org.descry.knn.NnDescent;

/**
 * Leiden at the reference size: synthetic float32 rows shaped like a 50-column PCA projection of descriptors (40
 * Gaussian clusters overlapping enough for the neighbour graph to be connected, {@link AgglomerativeBench#data}),
 * three steps timed apart:
 * <ol>
 *   <li>the graph: NN-descent's 14 nearest other rows (seed 0, at every size, as {@link Leiden#graph(FloatMatrix)}
 *       does above 50,000 rows) and UMAP's fuzzy simplicial set of them ({@link Leiden#graph(KnnGraph)});</li>
 *   <li>one Leiden optimisation at resolution 1 ({@code Leiden.withResolution(1.0).fit}, which adds the
 *       centroids and the modularity, both single passes over the rows);</li>
 *   <li>the resolution search for at most {@code --k} communities ({@code Leiden.of(k).fit}), counting its steps
 *       through the progress callback.</li>
 * </ol>
 * Each prints wall and process CPU seconds, modularity, the community count and peak RSS ({@code VmHWM}).
 *
 * <p>{@code --export DIR} writes the fuzzy graph's CSR arrays ({@code indptr.npy}, {@code indices.npy},
 * {@code data.npy}) for {@code descry-bench/leiden_bench.py}, which times leidenalg on the very same graph;
 * {@code --leidenalg S} takes its seconds and prints the ratio Descry / leidenalg of the single run
 * ({@code run-leiden-bench.sh} does both). {@code --repeat R} times the single run R times (JIT warm after the
 * first); {@code --labels FILE} writes both runs' labels, to check a change to the optimiser keeps them.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx6g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.LeidenBench [--rows 416314] [--cols 50] [--k 100] [--neighbors 15] [--spread 0.8]
 *     [--threads T] [--export DIR] [--leidenalg SECONDS] [--skip-search] [--labels FILE] [--repeat R]</pre>
 */
public final class LeidenBench {

    private LeidenBench() {}

    public static void main(String[] args) throws IOException {
        int rows = 416_314;
        int cols = 50;
        int k = 100;
        int neighbors = 15;
        double spread = 0.8;
        int threads = Runtime.getRuntime().availableProcessors();
        Path export = null;
        Path labelsFile = null;
        double leidenalgSeconds = Double.NaN;
        boolean search = true;
        int repeat = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--k" -> k = Integer.parseInt(args[++i]);
                case "--neighbors" -> neighbors = Integer.parseInt(args[++i]);
                case "--spread" -> spread = Double.parseDouble(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--export" -> export = Path.of(args[++i]);
                case "--labels" -> labelsFile = Path.of(args[++i]);
                case "--leidenalg" -> leidenalgSeconds = Double.parseDouble(args[++i]);
                case "--skip-search" -> search = false;
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --rows N "
                        + "--cols D --k K --neighbors N --spread S --threads T --export DIR --leidenalg SECONDS "
                        + "--skip-search --labels FILE --repeat R");
            }
        }
        long t0 = System.nanoTime();
        FloatMatrix x = AgglomerativeBench.data(rows, cols, 40, spread, 42);
        System.out.printf("data %d x %d float32, 40 clusters, spread %.2f, made in %.1f s, %d threads; load %s%n",
                rows, cols, spread, (System.nanoTime() - t0) / 1e9, threads, loadAverage());

        Leiden leiden = Leiden.of(k).withNeighbors(neighbors).withThreads(threads);
        Timer t = new Timer();
        KnnGraph knn = NnDescent.of(neighbors - 1).withSeed(0).withThreads(threads).fit(x, Progress.NONE);
        CsrGraph graph = leiden.graph(knn);
        t.print("graph: NN-descent " + (neighbors - 1) + "-NN + fuzzy set", graph.nnz() + " stored edges");

        if (export != null) {
            Files.createDirectories(export);
            NumpyWriter.writeNpy(export.resolve("indptr.npy"), graph.indptr(), 1, graph.indptr().length);
            NumpyWriter.writeNpy(export.resolve("indices.npy"), graph.indices(), 1, graph.nnz());
            double[] data = new double[graph.nnz()];
            for (int i = 0; i < data.length; i++) {
                data[i] = graph.data()[i];
            }
            NumpyWriter.writeNpy(export.resolve("data.npy"), data, 1, data.length);
            System.out.println("fuzzy graph's CSR written to " + export);
        }

        t = new Timer();
        LeidenModel single = leiden.withResolution(1.0).fit(x, graph, Progress.NONE);
        double singleSeconds = t.print("one Leiden run at resolution 1", String.format("modularity %.6f, %d communities",
                single.modularity(), single.k()));
        System.out.println(String.format(java.util.Locale.ROOT, "RESULT step=leiden_single seconds=%.4f "
                + "modularity=%.6f communities=%d", singleSeconds, single.modularity(), single.k()));
        if (!Double.isNaN(leidenalgSeconds)) {
            System.out.printf("ratio Descry / leidenalg (single run)   %8.2f%n", singleSeconds / leidenalgSeconds);
        }
        if (labelsFile != null) {
            NumpyWriter.writeNpy(labelsFile, single.labels(), 1, rows);
        }
        for (int r = 1; r < repeat; r++) {
            t = new Timer();
            LeidenModel again = leiden.withResolution(1.0).fit(x, graph, Progress.NONE);
            t.print("  again (" + (r + 1) + " of " + repeat + ")", java.util.Arrays.equals(again.labels(),
                    single.labels()) ? "same labels" : "DIFFERENT LABELS");
        }

        if (search) {
            AtomicLong steps = new AtomicLong();
            t = new Timer();
            LeidenModel searched = leiden.fit(x, graph, (done, total) -> steps.set(done));
            t.print("resolution search for k <= " + k, String.format("%d steps, resolution %.5g, modularity %.6f, "
                    + "%d communities", steps.get(), searched.resolution(), searched.modularity(), searched.k()));
            if (labelsFile != null) {
                String name = labelsFile.getFileName().toString().replace(".npy", "") + "_search.npy";
                NumpyWriter.writeNpy(labelsFile.resolveSibling(name), searched.labels(), 1, rows);
            }
        }
        System.out.printf("load average %s%n", loadAverage());
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Wall and process CPU time since it was made. */
    private static final class Timer {
        private final long wall = System.nanoTime();
        private final long cpu = cpuNanos();

        /** Prints one step's line; returns its wall seconds. */
        double print(String step, String detail) {
            double w = (System.nanoTime() - wall) / 1e9;
            double c = (cpuNanos() - cpu) / 1e9;
            System.out.printf("%-42s %8.2f s  (cpu %.2f s)  %s; peak RSS %.2f GB%n", step, w, c, detail,
                    BenchData.peakRssGb());
            return w;
        }
    }
}
