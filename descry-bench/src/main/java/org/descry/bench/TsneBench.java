package org.descry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.embed.Tsne;
import org.descry.embed.TsneEmbedding;
import org.descry.embed.TsneGradient;
import org.descry.io.NumpyReader;
import org.descry.metrics.Trustworthiness;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.descry.study.Preprocessing;

/**
 * t-SNE timings. Default: synthetic clustered float32 rows ({@link KMeansBench#data}: 40 Gaussian clusters,
 * feature scales decaying like principal components), 416,314 x 50, embedded in 2D with the FFT gradient, then
 * with Barnes-Hut on the first {@code --bh-rows} rows for comparison; prints kNN, affinity, optimisation and total
 * seconds, KL divergence and peak RSS ({@code VmHWM}). {@code --fashion DIR}: the fashion case's {@code hog} and
 * {@code color} sets, StandardScaler + PCA 0.9 as {@code descry-bench/sklearn_tsne.py}, t-SNE with defaults and
 * trustworthiness (k = 10) in the PCA space.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx4g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.TsneBench [--rows 416314] [--cols 50] [--bh-rows 50000] [--seed 0] [--skip-fft]
 *     [--fashion ../shared/data/fashion-case] [--gradient auto|barnes_hut|fft]</pre>
 */
public final class TsneBench {

    private TsneBench() {}

    public static void main(String[] args) throws IOException {
        int rows = 416_314;
        int cols = 50;
        int bhRows = 50_000;
        long seed = 0;
        boolean skipFft = false;
        Path fashion = null;
        TsneGradient gradient = TsneGradient.AUTO;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--bh-rows" -> bhRows = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--skip-fft" -> skipFft = true;
                case "--fashion" -> fashion = Path.of(args[++i]);
                case "--gradient" -> gradient = TsneGradient.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("threads %d, load average %s%n", Runtime.getRuntime().availableProcessors(), load());
        if (fashion != null) {
            for (String name : new String[] {"hog", "color"}) {
                fashion(fashion.resolve("descriptors").resolve(name + ".pickle"), name, seed, gradient);
            }
        } else {
            FloatMatrix x = KMeansBench.data(rows, cols, 40, 42);
            if (!skipFft) {
                run("FFT 2D", x, Tsne.of(2).withSeed(seed).withGradient(TsneGradient.FFT));
            }
            if (bhRows > 0) {
                run("Barnes-Hut 2D", x.rowRange(0, Math.min(bhRows, rows)),
                        Tsne.of(2).withSeed(seed).withGradient(TsneGradient.BARNES_HUT));
                run("FFT 2D", x.rowRange(0, Math.min(bhRows, rows)),
                        Tsne.of(2).withSeed(seed).withGradient(TsneGradient.FFT));
            }
        }
        System.out.printf("peak RSS %.2f GB (VmHWM); load average %s%n", KMeansBench.peakRssKb() / 1024.0 / 1024.0,
                load());
    }

    private static TsneEmbedding run(String what, FloatMatrix x, Tsne tsne) {
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        TsneEmbedding e = tsne.fit(x, Progress.NONE);
        double total = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - c0) / 1e9;
        System.out.printf("%s, %d x %d: kNN %.1f s (%s), affinities %.1f s, optimisation %.1f s, total %.1f s "
                        + "(process CPU %.1f s); KL %.4f, %d iterations, learning rate %.1f, gradient %s%n", what,
                x.rows(), x.cols(), e.neighbourSeconds(), e.exactNeighbours() ? "exact" : "NN-descent",
                e.affinitySeconds(), e.optimisationSeconds(), total, cpu, e.klDivergence(), e.iterations(),
                e.learningRate(), e.gradient());
        return e;
    }

    private static void fashion(Path file, String name, long seed, TsneGradient gradient) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + file);
        }
        FloatMatrix raw = NumpyReader.readMatrix(file);
        long t0 = System.nanoTime();
        FloatMatrix z = new Preprocessing(Scaler.STANDARD, Pca.varianceFraction(0.9)).fit(raw, Progress.NONE)
                .reduced();
        double prep = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %d x %d -> PCA %d (%.1f s)%n", name, raw.rows(), raw.cols(), z.cols(), prep);
        TsneEmbedding e = run("  t-SNE " + name, z, Tsne.of(2).withSeed(seed).withGradient(gradient));
        long t1 = System.nanoTime();
        double tw = Trustworthiness.of(z, e.coordinates(), 10);
        System.out.printf("  trustworthiness(k=10) %.4f (%.1f s)%n", tw, (System.nanoTime() - t1) / 1e9);
    }

    /** CPU time of the whole process (all threads): steadier than wall time on a shared machine. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
