package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.descry.data.Case;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;
import org.descry.knn.NnDescent;
import org.descry.knn.Recall;
import org.descry.study.Preprocessing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry neighbors CASE}: the k-nearest-neighbour graph of one descriptor set. */
@Command(name = "neighbors", mixinStandardHelpOptions = true,
        description = {"Computes the k-nearest-neighbour graph of one descriptor set of a case.",
                "Scales and reduces one descriptor set, then finds each row's k nearest other rows: exactly (brute "
                + "force) up to " + NeighborsCommand.EXACT_UP_TO + " rows, approximately (NN-descent) above, with its "
                + "recall@k measured on a " + NeighborsCommand.RECALL_SAMPLE + "-row sample. Writes the indices as an "
                + "int32 .npy (rows x k, rows in images_paths.csv order), the distances beside it (OUT-distances.npy) "
                + "and OUT.json (metric, k, exact or approximate, provenance)."})
final class NeighborsCommand implements Callable<Integer> {

    static final int EXACT_UP_TO = 50_000;
    static final int RECALL_SAMPLE = 1_000;

    @Parameters(paramLabel = "CASE", description = "The case folder.")
    Path caseDir;

    @Option(names = "--descriptor", required = true, paramLabel = "NAME", description = "Descriptor set to use.")
    String descriptor;

    @Mixin
    PreprocessOptions preprocess = new PreprocessOptions();

    @Option(names = "--k", defaultValue = "15", description = "Neighbours per row (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--metric", defaultValue = "euclidean", paramLabel = "euclidean|cosine",
            description = "Distance (default ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--exact", description = "Brute force whatever the size (default: only up to "
            + EXACT_UP_TO + " rows).")
    boolean exact;

    @Option(names = "--approximate", description = "NN-descent whatever the size.")
    boolean approximate;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed of NN-descent (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "knn.npy", description = "Where to write the indices.")
    Path out;

    @Mixin
    CaseOptions caseOptions = new CaseOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (exact && approximate) {
            throw new DescryException("--exact and --approximate exclude each other");
        }
        Metric m = Metric.parse(metric);
        Preprocessing steps = preprocess.resolve("standard", "0.9");
        long t0 = System.nanoTime();
        try (Case c = caseOptions.open(caseDir, err)) {
            FloatMatrix x;
            String input;
            try (ProgressBar bar = new ProgressBar("preprocess " + descriptor, err)) {
                FloatMatrix raw = c.descriptor(descriptor, bar);
                x = steps.fit(raw, bar).reduced();
                input = c.descriptorFile(descriptor) + " (" + raw.rows() + " x " + raw.cols() + "), scaler "
                        + steps.scaler().cliName() + ", " + (steps.pca() == null ? "no PCA"
                        : "PCA to " + x.cols() + " columns");
            }
            boolean useExact = exact || (!approximate && x.rows() <= EXACT_UP_TO);
            long t1 = System.nanoTime();
            KnnGraph g;
            try (ProgressBar bar = new ProgressBar((useExact ? "exact " : "NN-descent ") + k + "-NN", err)) {
                g = useExact ? ExactKnn.of(k).withMetric(m).fit(x, input, bar)
                        : NnDescent.of(k).withMetric(m).withSeed(seed).fit(x, input, bar);
            }
            double graphSeconds = (System.nanoTime() - t1) / 1e9;
            g.save(out);
            o.printf("wrote %s (%,d x %d int32), %s and %s: %s %s %d-NN graph of %d columns in %.1f s (total %.1f s)%n",
                    out, g.rows(), g.k(), KnnGraph.distancesFile(out).getFileName(),
                    KnnGraph.metadataFile(out).getFileName(), useExact ? "exact" : "approximate", m, k, x.cols(),
                    graphSeconds, (System.nanoTime() - t0) / 1e9);
            if (!useExact) {
                int sample = Math.min(RECALL_SAMPLE, x.rows());
                o.printf("recall@%d on a %,d-row sample (against brute force): %.4f%n", k, sample,
                        Recall.sampled(g, x, sample, seed));
            }
            return 0;
        }
    }
}
