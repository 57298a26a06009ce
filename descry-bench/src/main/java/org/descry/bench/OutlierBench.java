package org.descry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.NnDescent;
import org.descry.outlier.IsolationForest;
import org.descry.outlier.KnnDistance;
import org.descry.outlier.Lof;
import org.descry.outlier.LofModel;

/**
 * Full-size outlier-score timings on the {@link KnnBench} data (416,314 x 50 float32, 40 Gaussian clusters):
 * the 20-NN graph (NN-descent by default, {@code --exact} for brute force), LOF(20) and kNN distance (k-th and
 * mean) on that graph, LOF novelty scoring of 10,000 new rows, and isolation forest (100 trees of 256) fit and
 * scoring of all rows.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx4g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.OutlierBench [--rows 416314] [--cols 50] [--exact] [--seed 0]</pre>
 */
public final class OutlierBench {

    private OutlierBench() {}

    public static void main(String[] args) throws IOException {
        int rows = 416_314;
        int cols = 50;
        boolean exact = false;
        long seed = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--exact" -> exact = true;
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --rows N --cols D --exact --seed S");
            }
        }
        int k = 20;
        FloatMatrix x = KMeansBench.data(rows, cols, 40, 42);
        System.out.printf("data %,d x %d float32, %d threads%n", rows, cols, Runtime.getRuntime().availableProcessors());

        long s = System.nanoTime();
        KnnGraph g = exact ? ExactKnn.of(k).fit(x, Progress.NONE)
                : NnDescent.of(k).withSeed(seed).fit(x, Progress.NONE);
        double graph = seconds(s);
        System.out.printf("%-44s %8.2f s%n", (exact ? "exact" : "NN-descent") + " 20-NN graph", graph);

        s = System.nanoTime();
        LofModel lof = Lof.of().fit(x, g);
        double lofSeconds = seconds(s);
        System.out.printf("%-44s %8.2f s  (graph + LOF %.2f s)%n", "LOF(20) from the graph", lofSeconds,
                graph + lofSeconds);

        s = System.nanoTime();
        KnnDistance.of().fit(x, g);
        KnnDistance.of().withMean(true).fit(x, g);
        System.out.printf("%-44s %8.2f s%n", "kNN distance, k-th and mean, from the graph", seconds(s));

        FloatMatrix queries = KMeansBench.data(10_000, cols, 40, 7);
        s = System.nanoTime();
        lof.score(queries);
        System.out.printf("%-44s %8.2f s%n", "LOF novelty scores of 10,000 new rows", seconds(s));

        s = System.nanoTime();
        IsolationForest.of().withSeed(seed).fit(x, Progress.NONE);
        System.out.printf("%-44s %8.2f s%n", "isolation forest fit + score all rows", seconds(s));

        System.out.printf("peak RSS %.2f GB (VmHWM); load average %s%n", KMeansBench.peakRssKb() / 1024.0 / 1024.0,
                Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
