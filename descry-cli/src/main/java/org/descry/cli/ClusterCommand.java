package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.descry.cluster.CovarianceType;
import org.descry.cluster.Linkage;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.io.LabelFiles;
import org.descry.study.Clustering;
import org.descry.study.FittedPipeline;
import org.descry.study.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry cluster CASE}: clusters one descriptor set and writes {@code path,cluster}. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Clusters one descriptor set of a case and writes path,cluster.",
                "Scales, reduces and clusters one descriptor set of a case; writes path,cluster (paths exactly "
                + "as in images_paths.csv) and saves the fitted pipeline beside it (OUT without .csv, plus .model/), "
                + "so new images can be assigned to the same clusters."})
final class ClusterCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CASE", description = "The case folder.")
    Path caseDir;

    @Option(names = "--descriptor", required = true, paramLabel = "NAME", description = "Descriptor set to cluster.")
    String descriptor;

    @Mixin
    PreprocessOptions preprocess = new PreprocessOptions();

    @Option(names = "--algorithm", defaultValue = "kmeans", paramLabel = "kmeans|minibatch|bisecting|gmm|agglomerative|leiden|dbscan|optics|hdbscan",
            description = "Clustering algorithm (default ${DEFAULT-VALUE}); prefixed with umap- (umap-kmeans) it runs "
                    + "in a 10-dimensional UMAP embedding of the preprocessed rows.")
    String algorithm;

    @Option(names = "--k", defaultValue = "10", description = "Number of clusters (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--n-init", defaultValue = "0",
            description = "Initialisations; the best fit wins (default: scikit-learn 1.2's, 10 for kmeans, 3 for "
                    + "minibatch, 1 for bisecting and gmm).")
    int nInit;

    @Option(names = "--covariance", defaultValue = "full", paramLabel = "full|tied|diag|spherical",
            description = "Covariance type of a Gaussian mixture (default ${DEFAULT-VALUE}).")
    String covariance;

    @Option(names = "--min-cluster-size", defaultValue = "5",
            description = "HDBSCAN and OPTICS: the smallest cluster (default ${DEFAULT-VALUE}).")
    int minClusterSize;

    @Option(names = "--min-samples", defaultValue = "0",
            description = "HDBSCAN, DBSCAN, OPTICS: neighbours for the core distance (default: HDBSCAN "
                    + "--min-cluster-size, the others 5).")
    int minSamples;

    @Option(names = "--linkage", defaultValue = "ward", paramLabel = "ward|complete|average|single",
            description = "Agglomerative: the linkage (default ${DEFAULT-VALUE}).")
    String linkage;

    @Option(names = "--neighbors", defaultValue = "15",
            description = "Agglomerative: merge only along a kNN graph of this many neighbours (default "
                    + "${DEFAULT-VALUE}, as the seed study; exact up to 50,000 rows, NN-descent above; 0 for none, "
                    + "up to 20,000 rows). Leiden: its graph's neighbours, counting the row itself.")
    int neighbors;

    @Option(names = "--eps", defaultValue = "0",
            description = "DBSCAN: the neighbourhood radius (default: the knee of the k-distance curve).")
    double eps;

    @Option(names = "--out", required = true, paramLabel = "clusters.csv", description = "Where to write path,cluster.")
    Path out;

    @Mixin
    CaseOptions caseOptions = new CaseOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Pipeline pipeline = new Pipeline(descriptor, preprocess.resolve("standard", "0.9"),
                new Clustering(algorithm, k, seed, nInit, CovarianceType.parse(covariance), minClusterSize,
                        minSamples, eps, Linkage.parse(linkage), neighbors));
        long t0 = System.nanoTime();
        try (Case c = caseOptions.open(caseDir, err)) {
            FittedPipeline fitted;
            try (ProgressBar bar = new ProgressBar("cluster " + descriptor, err)) {
                FloatMatrix x = c.descriptor(descriptor, bar);
                fitted = pipeline.fit(x, c.descriptorFile(descriptor) + " (" + x.rows() + " x " + x.cols() + ")", bar);
            }
            int[] labels = fitted.labels();
            LabelFiles.writeClusters(out, c.paths(), labels);
            Path model = modelDir(out);
            fitted.save(model);
            o.printf("wrote %s (%,d rows, %d clusters) and the fitted pipeline %s in %.1f s%n", out, labels.length,
                    fitted.clustering().k(), model, (System.nanoTime() - t0) / 1e9);
            o.println("cluster sizes: " + sizes(labels, fitted.clustering().k()));
            return 0;
        }
    }

    /** The model folder beside a clusters CSV: {@code clusters.csv} gives {@code clusters.model/}. */
    static Path modelDir(Path csv) {
        String name = csv.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(stem + ".model");
    }

    static String sizes(int[] labels, int k) {
        long[] n = new long[k + 1];
        for (int l : labels) {
            n[l < 0 ? k : l]++;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < k; i++) {
            sb.append(i == 0 ? "" : " ").append(i).append(':').append(n[i]);
        }
        if (n[k] > 0) {
            sb.append(" noise:").append(n[k]);
        }
        return sb.toString();
    }
}
