package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.descry.data.Case;
import org.descry.label.LabelSource;
import org.descry.label.Trial;
import org.descry.preprocess.Scaler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry trial CASE --truth labels.csv --out DIR}: name clusters once, label held-out images. */
@Command(name = "trial", mixinStandardHelpOptions = true,
        description = {"Measures how well naming clusters once labels new images.",
                "Splits the case by a group column (all rows of one item on one side), chooses each attribute's "
                + "descriptor, scaler, algorithm and k by inner validation on the training part, names every "
                + "cluster by the majority truth of its training members, labels the test part and evaluates it. "
                + "Writes DIR/split.csv, DIR/labels.csv, DIR/model/, DIR/trial.json and "
                + "DIR/accuracy-vs-clusters.png, and prints the accuracy table."})
final class TrialCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CASE", description = "The case folder.")
    Path caseDir;

    @Option(names = "--truth", required = true, paramLabel = "labels.csv",
            description = "paths, the group column, one column per attribute, outlier.")
    Path truth;

    @Option(names = "--group", defaultValue = "item", paramLabel = "COLUMN",
            description = "The truth column whose rows stay together (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--test-fraction", defaultValue = "0.2", paramLabel = "F",
            description = "Share of the groups held out (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--max-clusters", defaultValue = "100", paramLabel = "K",
            description = "The most clusters an attribute is named from (default: ${DEFAULT-VALUE}).")
    int maxClusters;

    @Option(names = "--ks", split = ",", paramLabel = "K", defaultValue = "10,30,100",
            description = "Cluster counts tried, up to --max-clusters (default: ${DEFAULT-VALUE}).")
    int[] ks;

    @Option(names = "--descriptors", split = ",", paramLabel = "SPEC",
            description = "Descriptor sets and mixtures tried, e.g. hog,color,hog+color (default: every set and "
                    + "every pair).")
    List<String> descriptors = List.of();

    @Option(names = "--scalers", split = ",", paramLabel = "NAME", defaultValue = "standard,hellinger",
            description = "Scalers tried: standard, minmax, robust, l2, sqrt, hellinger, none (default: "
                    + "${DEFAULT-VALUE}).")
    List<String> scalers;

    @Option(names = "--after-pca", split = ",", paramLabel = "NAME", defaultValue = "none,l2",
            description = "Scalers tried after the PCA: none, or l2 for spherical k-means on the reduced rows, or any "
                    + "scaler of --scalers (default: ${DEFAULT-VALUE}).")
    List<String> afterPca;

    @Option(names = "--algorithms", split = ",", paramLabel = "NAME",
            defaultValue = "kmeans,agglomerative,leiden,umap-kmeans,umap-agglomerative",
            description = "Algorithms tried: kmeans, minibatch, bisecting, gmm, agglomerative, leiden, or one of them "
                    + "run in a 10-dimensional UMAP embedding of the reduced rows, as umap-kmeans (default: "
                    + "${DEFAULT-VALUE}).")
    List<String> algorithms;

    @Option(names = "--assignments", split = ",", paramLabel = "RULE", defaultValue = "centroid,vote",
            description = "How new rows find their cluster, tried per attribute: centroid (the clustering's "
                    + "prediction) or vote (the name most of the 10 nearest training members carry) (default: "
                    + "${DEFAULT-VALUE}).")
    List<String> assignments;

    @Option(names = "--inner-splits", defaultValue = "3", paramLabel = "N",
            description = "Inner group splits of the training part every candidate is validated on; its inner "
                    + "accuracy is pooled over them (default: ${DEFAULT-VALUE}).")
    int innerSplits;

    @Option(names = "--n-init", defaultValue = "10", paramLabel = "N",
            description = "Initialisations of each k-means (default: ${DEFAULT-VALUE}).")
    int nInit;

    @Option(names = "--rejection", defaultValue = "none", paramLabel = "RULE",
            description = "When a row far from its cluster is withheld: distance (to the centroid), likelihood "
                    + "(under the cluster's diagonal Gaussian) or none (only flagged outliers are withheld; a "
                    + "withheld value counts as wrong) (default: ${DEFAULT-VALUE}).")
    String rejection;

    @Option(names = "--reject-quantile", defaultValue = "0.99", paramLabel = "Q",
            description = "Training quantile of the reject rule; 1 withholds only beyond every training member "
                    + "(default: ${DEFAULT-VALUE}).")
    double rejectQuantile;

    @Option(names = "--contamination", defaultValue = "0.03", paramLabel = "C",
            description = "Share of training rows the outlier model flags (default: ${DEFAULT-VALUE}).")
    double contamination;

    @Option(names = "--outlier-scaler", defaultValue = "l2", paramLabel = "NAME",
            description = "Scaler before the outlier model's PCA (default: ${DEFAULT-VALUE}).")
    String outlierScaler;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the trial.")
    Path out;

    @Mixin
    CaseOptions caseOptions = new CaseOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Trial t = Trial.defaults(truth).withGroup(group).withSplit(testFraction, 0.25, seed)
                .withGrid(maxClusters, ks, descriptors, scalers.stream().map(Scaler::fromName).toList(), algorithms)
                .withAfterPca(afterPca.stream().map(Scaler::fromName).toList())
                .withRejection(LabelSource.Rejection.parse(rejection), rejectQuantile)
                .withOutliers(contamination, Scaler.fromName(outlierScaler)).withInits(nInit)
                .withInnerSplits(innerSplits).withAssignments(assignments);
        Trial.Result r;
        try (Case c = caseOptions.open(caseDir, err);
             ProgressBar bar = new ProgressBar("trial", err)) {
            r = t.run(c, out, bar::println, bar);
        }
        o.printf(Locale.ROOT, "trial of %s: %d candidates, ks %s, in %.1f s%n", caseDir, r.candidates().size(),
                Arrays.toString(t.usableKs()), r.seconds());
        o.print(r.table());
        for (Trial.AttributeResult a : r.attributes()) {
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < a.curveKs().length; j++) {
                s.append(String.format(Locale.ROOT, "  k=%d %.3f", a.curveKs()[j], a.curveAccuracy()[j]));
            }
            o.printf(Locale.ROOT, "curve %-9s%s%n", a.name(), s);
        }
        o.println("wrote " + out.resolve("split.csv") + ", " + out.resolve("labels.csv") + ", " + out.resolve("model")
                + ", " + out.resolve("trial.json") + ", " + out.resolve("accuracy-vs-clusters.png"));
        return 0;
    }
}
