package org.descry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.embed.Umap;
import org.descry.embed.UmapModel;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;

/**
 * Full-size UMAP timing: synthetic float32 rows shaped like a 50-column PCA projection of descriptors (40
 * Gaussian clusters, the generator of {@link KMeansBench}), {@link Umap#defaults()} (15 neighbours, 200 epochs
 * above 10,000 rows, spectral init, {@code min_dist} 0, 20 negative samples; {@code --umap-learn} for
 * {@link Umap#umapLearn()}, 5 negative samples and {@code min_dist} 0.1), wall seconds per stage (neighbour graph, fuzzy set, spectral init, SGD),
 * process CPU seconds and peak RSS ({@code VmHWM}); then {@code transform} of 10,000 new rows.
 *
 * <p>{@code --clustering} fits the UMAP that {@code umap-}algorithms cluster in ({@code Clustering.embedding()}:
 * umap-learn's defaults, {@code min_dist} 0, 10 components, 200 epochs) and times its transform by step: the
 * search index (built on the first approximate transform), the neighbour search of the {@code --transform-rows}
 * new rows (drawn with the training rows, from the same clusters), brute force on the first {@code --exact-sample} of them (extrapolated to all, with the recall of the
 * search against it), and the whole transform; the epochs are the transform less its search. Then the first
 * 100,000 new rows again on all threads and on one, to show the one-thread embedding comes out of both.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx4g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.UmapBench [--rows 416314] [--cols 50] [--components 2] [--epochs 0] [--threads T]
 *     [--seed 0] [--transform-rows 10000] [--umap-learn] [--clustering] [--exact-sample 4096]</pre>
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
        boolean clustering = false;
        int exactSample = 4096;
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
                case "--clustering" -> clustering = true;
                case "--exact-sample" -> exactSample = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --rows N "
                        + "--cols D --components C --epochs E --threads T --seed S --transform-rows M --umap-learn "
                        + "--clustering --exact-sample S");
            }
        }
        long t0 = System.nanoTime();
        FloatMatrix all = KMeansBench.data(rows + (clustering ? transformRows : 0), cols, 40, 42);
        FloatMatrix x = clustering ? all.rowRange(0, rows).copy() : all;
        FloatMatrix fresh = clustering ? all.rowRange(rows, rows + transformRows).copy() : null;
        all = null;
        System.out.printf("data %d x %d float32 (%.0f MB) made in %.1f s, %d threads, %s%n", rows, cols,
                4.0 * rows * cols / 1e6, (System.nanoTime() - t0) / 1e9, threads,
                clustering ? "the umap- clustering's UMAP" : umapLearn ? "umap-learn's defaults" : "Descry's defaults");
        Umap umap = (umapLearn ? Umap.umapLearn() : Umap.defaults()).withComponents(components).withEpochs(epochs).withThreads(threads).withSeed(seed);
        if (clustering) {
            umap = Umap.umapLearn().withMinDist(0).withComponents(10).withSeed(seed).withThreads(threads)
                    .withEpochs(epochs == Umap.AUTO ? 200 : epochs);
        }
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
        if (transformRows > 0 && clustering) {
            timeTransform(m, fresh, exactSample);
        } else if (transformRows > 0) {
            fresh = KMeansBench.data(transformRows, cols, 40, 43);
            s = System.nanoTime();
            m.transform(fresh);
            System.out.printf("transform of %d new rows     %8.1f s%n", transformRows, (System.nanoTime() - s) / 1e9);
        }
        System.out.printf("peak RSS %.2f GB (VmHWM); load average %s%n", KMeansBench.peakRssKb() / 1024.0 / 1024.0,
                Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** Times the transform of {@code fresh} by step (see the class comment). */
    private static void timeTransform(UmapModel m, FloatMatrix fresh, int exactSample) throws IOException {
        int rows = fresh.rows();
        int k = m.config().nNeighbors();
        System.out.printf("transform of %d new rows against %d training rows, route %s, load %s%n", rows,
                m.training().rows(), m.approximateTransform() ? "graph search" : "exact",
                Files.readString(Path.of("/proc/loadavg")).trim());
        long c = cpuNanos();
        long s = System.nanoTime();
        m.neighbours(fresh.rowRange(0, 1));
        report("search index (first query)", s, c, 1);
        c = cpuNanos();
        s = System.nanoTime();
        KnnGraph found = m.neighbours(fresh);
        double search = report("neighbour search", s, c, rows);
        int sample = Math.min(exactSample, rows);
        if (sample > 0) {
            FloatMatrix part = fresh.rowRange(0, sample);
            c = cpuNanos();
            s = System.nanoTime();
            KnnGraph exact = ExactKnn.of(k).withThreads(m.config().threads()).query(m.training(), part,
                    Progress.NONE);
            double wall = (System.nanoTime() - s) / 1e9;
            double cpu = (cpuNanos() - c) / 1e9;
            double scale = (double) rows / sample;
            System.out.printf("%-34s %8.1f s  cpu %8.1f s  %10.0f rows/s  (%d rows timed, x %.1f; %d threads)%n",
                    "brute force, extrapolated", wall * scale, cpu * scale, sample / wall, sample, scale,
                    m.config().threads());
            long hits = 0;
            for (int i = 0; i < sample; i++) {
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        if (found.neighbour(i, a) == exact.neighbour(i, b)) {
                            hits++;
                            break;
                        }
                    }
                }
            }
            System.out.printf("recall@%d of the search on the sample %.4f; brute force / search time %.1f%n", k,
                    hits / (double) sample / k, wall * scale / search);
        }
        c = cpuNanos();
        s = System.nanoTime();
        m.transform(fresh);
        double total = report("whole transform", s, c, rows);
        System.out.printf("epochs (transform less search)     %8.1f s%n", total - search);
        int part = Math.min(rows, 100_000);
        if (part > (int) (UmapModel.REMEMBERED_VALUES / fresh.cols())) {
            FloatMatrix sub = fresh.rowRange(0, part);
            int threads = org.descry.data.Workers.defaultThreads();
            c = cpuNanos();
            s = System.nanoTime();
            float[] many = m.transform(sub).toArray();
            report("transform of " + part + ", " + threads + " threads", s, c, part);
            org.descry.data.Workers.setDefaultThreads(1);
            c = cpuNanos();
            s = System.nanoTime();
            float[] one = m.transform(sub).toArray();
            report("transform of " + part + ", 1 thread", s, c, part);
            org.descry.data.Workers.setDefaultThreads(threads);
            System.out.printf("the same embedding on 1 and %d threads: %b%n", threads,
                    java.util.Arrays.equals(many, one));
        }
    }

    private static double report(String what, long startNanos, long startCpu, int rows) {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        double cpu = (cpuNanos() - startCpu) / 1e9;
        System.out.printf("%-34s %8.1f s  cpu %8.1f s  %10.0f rows/s%n", what, wall, cpu, rows / wall);
        return wall;
    }
}
