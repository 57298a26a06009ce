package org.descry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.embed.Umap;
import org.descry.embed.UmapModel;

/**
 * Full-size UMAP timing: synthetic float32 rows shaped like a 50-column PCA projection of descriptors (40
 * Gaussian clusters, the generator of {@link KMeansBench}), {@link Umap#defaults()} (15 neighbours, 200 epochs
 * above 10,000 rows, spectral init, {@code min_dist} 0, 20 negative samples; {@code --umap-learn} for
 * {@link Umap#umapLearn()}, 5 negative samples and {@code min_dist} 0.1), wall seconds per stage (neighbour graph, fuzzy set, spectral init, SGD),
 * process CPU seconds and peak RSS ({@code VmHWM}); then {@code transform} of 10,000 new rows.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx4g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.UmapBench [--rows 416314] [--cols 50] [--components 2] [--epochs 0] [--threads T]
 *     [--seed 0] [--transform-rows 10000] [--umap-learn]</pre>
 */
public final class UmapBench {

    private UmapBench() {}

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) throws IOException {
        int rows = 416_314;
        int cols = 50;
        int components = 2;
        int epochs = Umap.AUTO;
        int threads = Runtime.getRuntime().availableProcessors();
        long seed = 0;
        int transformRows = 10_000;
        boolean umapLearn = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--components" -> components = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--transform-rows" -> transformRows = Integer.parseInt(args[++i]);
                case "--umap-learn" -> umapLearn = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --rows N "
                        + "--cols D --components C --epochs E --threads T --seed S --transform-rows M --umap-learn");
            }
        }
        long t0 = System.nanoTime();
        FloatMatrix x = KMeansBench.data(rows, cols, 40, 42);
        System.out.printf("data %d x %d float32 (%.0f MB) made in %.1f s, %d threads, %s%n", rows, cols,
                4.0 * rows * cols / 1e6, (System.nanoTime() - t0) / 1e9, threads,
                umapLearn ? "umap-learn's defaults" : "Descry's defaults");
        Umap umap = (umapLearn ? Umap.umapLearn() : Umap.defaults()).withComponents(components).withEpochs(epochs).withThreads(threads).withSeed(seed);
        long c0 = cpuNanos();
        long s = System.nanoTime();
        UmapModel m = umap.fit(x, Progress.NONE);
        double wall = (System.nanoTime() - s) / 1e9;
        double cpu = (cpuNanos() - c0) / 1e9;
        UmapModel.StageSeconds st = m.seconds();
        System.out.printf("kNN graph (%s, k = %d)        %8.1f s%n", rows < Umap.EXACT_KNN_BELOW ? "exact" : "NN-descent",
                umap.nNeighbors() - 1, st.knn());
        System.out.printf("fuzzy simplicial set + a, b      %8.1f s  (%d edges)%n", st.fuzzySet(), m.graph().nnz());
        System.out.printf("initialisation (%s) %8.1f s%n", m.provenance().config().get("init_used"), st.init());
        System.out.printf("SGD (%s epochs)                 %8.1f s%n", m.provenance().config().get("n_epochs_used"),
                st.sgd());
        System.out.printf("total fit                        %8.1f s  (cpu %.1f s)%n", wall, cpu);
        if (transformRows > 0) {
            FloatMatrix fresh = KMeansBench.data(transformRows, cols, 40, 43);
            s = System.nanoTime();
            m.transform(fresh);
            System.out.printf("transform of %d new rows     %8.1f s%n", transformRows, (System.nanoTime() - s) / 1e9);
        }
        System.out.printf("peak RSS %.2f GB (VmHWM); load average %s%n", KMeansBench.peakRssKb() / 1024.0 / 1024.0,
                Files.readString(Path.of("/proc/loadavg")).trim());
    }
}
