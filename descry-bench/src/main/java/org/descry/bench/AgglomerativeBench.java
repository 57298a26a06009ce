package org.descry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.cluster.AgglomerativeClustering;
import org.descry.cluster.AgglomerativeModel;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.NumpyWriter;
import org.descry.knn.CsrGraph;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.NnDescent;

/**
 * Ward agglomerative clustering with a 15-NN connectivity graph, as the seed study ran it
 * ({@code AgglomerativeClustering(n_clusters=k, connectivity=kneighbors_graph(X, 15, include_self=False))}), on
 * synthetic float32 data shaped like a 50-column PCA projection (40 Gaussian clusters, decaying feature scales;
 * {@link #data}). The graph is built first and timed apart (exact up to 100,000 rows, NN-descent
 * above, or as {@code --graph} says), then the tree, then the labels for every k in 2..30 cut from it.
 *
 * <p>With {@code --sklearn} the rows and the very same graph are written to a temporary folder and
 * {@code descry-bench/sklearn_agglomerative.py} is run on them with Debian's {@code /usr/bin/python3}
 * (scikit-learn 1.2.1), which times its {@code fit} and compares its labels with Descry's. One size per JVM, so
 * peak RSS ({@code VmHWM}) is that size's.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx4g -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.AgglomerativeBench [--rows 50000] [--cols 50] [--neighbors 15] [--k 10]
 *     [--graph exact|approximate] [--spread 0.8] [--sklearn]</pre>
 */
public final class AgglomerativeBench {

    private AgglomerativeBench() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int rows = 50_000;
        int cols = 50;
        int neighbors = 15;
        int k = 10;
        String graphKind = null;
        boolean sklearn = false;
        double spread = 0.8;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--cols" -> cols = Integer.parseInt(args[++i]);
                case "--neighbors" -> neighbors = Integer.parseInt(args[++i]);
                case "--k" -> k = Integer.parseInt(args[++i]);
                case "--graph" -> graphKind = args[++i];
                case "--sklearn" -> sklearn = true;
                case "--spread" -> spread = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --rows N "
                        + "--cols D --neighbors K --k K --graph exact|approximate --spread S --sklearn");
            }
        }
        boolean exact = graphKind == null ? rows <= 100_000 : graphKind.equals("exact");
        int threads = Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        FloatMatrix x = data(rows, cols, 40, spread, 42);
        System.out.printf("data %d x %d float32, 40 clusters, spread %.2f, made in %.1f s, %d threads%n", rows, cols,
                spread, (System.nanoTime() - t0) / 1e9, threads);

        long s = System.nanoTime();
        KnnGraph knn = exact ? ExactKnn.of(neighbors).fit(x, Progress.NONE)
                : NnDescent.of(neighbors).withSeed(0).fit(x, Progress.NONE);
        double graphSeconds = (System.nanoTime() - s) / 1e9;
        CsrGraph graph = knn.toCsr(CsrGraph.Mode.CONNECTIVITY);
        System.out.printf("%s %d-NN graph                       %8.1f s%n", exact ? "exact" : "NN-descent", neighbors,
                graphSeconds);

        s = System.nanoTime();
        AgglomerativeModel model = AgglomerativeClustering.of(k).withConnectivity(graph).fit(x, Progress.NONE);
        double treeSeconds = (System.nanoTime() - s) / 1e9;
        System.out.printf("ward tree + labels at k=%d                %8.1f s  (%d connected components)%n", k,
                treeSeconds, model.connectedComponents());

        s = System.nanoTime();
        long checksum = 0;
        for (int kk = 2; kk <= 30; kk++) {
            checksum += model.labelsAt(kk)[rows - 1];
        }
        double cutSeconds = (System.nanoTime() - s) / 1e9;
        System.out.printf("labels for every k in 2..30 from the tree %8.3f s  (checksum %d)%n", cutSeconds, checksum);
        System.out.printf("peak RSS %.2f GB (VmHWM); load average %s%n", KMeansBench.peakRssKb() / 1024.0 / 1024.0,
                Files.readString(Path.of("/proc/loadavg")).trim());

        if (sklearn) {
            Path dir = Files.createTempDirectory("agglo-bench");
            NumpyWriter.writeNpy(dir.resolve("x.npy"), x);
            NumpyWriter.writeNpy(dir.resolve("knn.npy"), knn.indices(), rows, neighbors);
            NumpyWriter.writeNpy(dir.resolve("labels.npy"), model.labels(), 1, rows);
            Path script = Path.of("descry-bench", "sklearn_agglomerative.py");
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), dir.toString(), Integer.toString(k))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            System.out.print(out);
            for (String line : out.lines().toList()) {
                if (line.startsWith("sklearn fit seconds ")) {
                    double sk = Double.parseDouble(line.substring("sklearn fit seconds ".length()).trim());
                    System.out.printf("ratio scikit-learn / Descry tree         %8.1fx%n", sk / treeSeconds);
                }
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /**
     * {@link KMeansBench#data}'s shape with the cluster means scaled by {@code spread} instead of 4: at 0.8 the
     * clusters overlap enough for the 15-NN graph to be connected, as on real descriptors (the fashion case's
     * is); at 4 each cluster is its own component and completing the graph compares every pair of rows of
     * different components, {@code O(n²)} in scikit-learn as here.
     */
    static FloatMatrix data(int rows, int cols, int clusters, double spread, long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        float[] means = new float[clusters * cols];
        for (int i = 0; i < means.length; i++) {
            means[i] = (float) (spread * rnd.nextGaussian() / Math.sqrt(1 + i % cols));
        }
        FloatMatrix x = FloatMatrix.zeros(rows, cols);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            int c = rnd.nextInt(clusters);
            for (int j = 0; j < cols; j++) {
                row[j] = means[c * cols + j] + (float) (rnd.nextGaussian() / Math.sqrt(1 + j));
            }
            x.setRow(r, row, 0);
        }
        return x;
    }
}
