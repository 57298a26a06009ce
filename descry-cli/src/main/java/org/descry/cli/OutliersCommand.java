package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.descry.data.Case;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.io.LabelFiles;
import org.descry.metrics.AveragePrecision;
import org.descry.metrics.PrecisionAtK;
import org.descry.metrics.RocAuc;
import org.descry.outlier.Contamination;
import org.descry.outlier.OutlierMethod;
import org.descry.outlier.ViewCombination;
import org.descry.study.Preprocessing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry outliers CASE}: an outlier score and flag per image. */
@Command(name = "outliers", mixinStandardHelpOptions = true,
        description = {"Scores every image of a case for how outlying it is and flags the top fraction.",
                "Scales and reduces each descriptor set (as descry cluster), scores the rows with one method (higher",
                "= more outlying) and writes path,score,outlier (outlier 1 for the rows above the",
                "100*(1-contamination) percentile of the scores). Methods: lof (local outlier factor), lof-range",
                "(maximum LOF over 10 to 50 neighbours), knn (distance to the k-th neighbour), knn-mean (mean",
                "distance to k neighbours), dense (groups of near-identical images: minus the k-th neighbour",
                "distance), iforest (isolation forest), gmm (negative log-likelihood of a diagonal Gaussian",
                "mixture), centroid (distance to the k-means centre over the cluster's median), cblof (distance of",
                "small k-means clusters to the large ones), hdbscan (GLOSH scores), ensemble (lof-range and dense,",
                "sparse rows and over-dense near-duplicate groups, their ranks combined by Fisher's method). With",
                "--descriptor all the method runs on every descriptor set and the sets' normalised ranks are",
                "combined (--combine: fisher by default, the sum of -ln(1 - rank), so an image far out in one set",
                "or fairly far out in several is flagged; max, an image outlying in any set; or mean)."})
final class OutliersCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CASE", description = "The case folder.")
    Path caseDir;

    @Option(names = "--descriptor", defaultValue = "all", paramLabel = "NAME|all",
            description = "Descriptor set, or all of them (default ${DEFAULT-VALUE}).")
    String descriptor;

    @Option(names = "--method", defaultValue = "ensemble",
            paramLabel = "lof|lof-range|knn|knn-mean|dense|iforest|gmm|centroid|cblof|hdbscan|ensemble",
            description = "Scoring method (default ${DEFAULT-VALUE}).")
    String method;

    @Mixin
    PreprocessOptions preprocess = new PreprocessOptions();

    @Option(names = "--contamination", defaultValue = "0.03",
            description = "Fraction of rows to flag, in (0, 0.5] (default ${DEFAULT-VALUE}).")
    double contamination;

    @Option(names = "--neighbors", defaultValue = "20",
            description = "Neighbours of lof, knn and dense (default ${DEFAULT-VALUE}).")
    int neighbors;

    @Option(names = "--clusters", defaultValue = "8",
            description = "Clusters of centroid and cblof, components of gmm (default ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--combine", defaultValue = "fisher", paramLabel = "fisher|max|mean",
            description = "How --descriptor all combines the sets' ranks (default ${DEFAULT-VALUE}).")
    String combine;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "outliers.csv", description = "Where to write "
            + "path,score,outlier.")
    Path out;

    @Option(names = "--truth", paramLabel = "labels.csv",
            description = "A CSV with a paths column and a truth column: non-empty = outlier.")
    Path truthFile;

    @Option(names = "--column", paramLabel = "NAME", description = "The truth column, for example outlier.")
    String column;

    @Mixin
    CaseOptions caseOptions = new CaseOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((truthFile == null) != (column == null)) {
            throw new DescryException("--truth and --column go together");
        }
        OutlierMethod m = OutlierMethod.parse(method);
        ViewCombination views = ViewCombination.parse(combine);
        OutlierMethod.Settings settings = settings();
        Preprocessing steps = preprocess.resolve("standard", "0.9");
        long t0 = System.nanoTime();
        try (Case c = caseOptions.open(caseDir, err)) {
            List<String> names = descriptor.equals("all") ? c.descriptorNames() : List.of(descriptor);
            boolean[] truth = truthFile == null ? null : LabelFiles.nonEmptyByRow(truthFile, column, c.paths());
            List<double[]> perSet = new ArrayList<>();
            for (String name : names) {
                try (ProgressBar bar = new ProgressBar(m.cliName() + " " + name, err)) {
                    FloatMatrix x = steps.fit(c.descriptor(name, bar), bar).reduced();
                    perSet.add(m.detector(settings).fit(x, bar).scores());
                }
            }
            double[] scores = views.combine(perSet);
            double threshold = Contamination.threshold(scores, contamination);
            List<String> paths = c.paths();
            int flagged = LabelFiles.writeOutliers(out, paths, scores, threshold);
            o.printf("wrote %s: %s on %s (scaler %s, %s%s), %,d rows, %,d flagged at contamination %s "
                            + "(score > %.6g), %.1f s%n", out, m.cliName(), String.join(", ", names),
                    steps.scaler().cliName(), steps.pca() == null ? "no PCA" : "PCA " + preprocess.pcaOrDefault("0.9"),
                    names.size() > 1 ? ", sets combined by " + views.cliName() + " rank" : "", scores.length,
                    flagged, contamination, threshold, (System.nanoTime() - t0) / 1e9);
            if (truth != null) {
                int positives = 0;
                for (boolean t : truth) {
                    positives += t ? 1 : 0;
                }
                if (positives == 0 || positives == truth.length) {
                    throw new DescryException(truthFile + ": column " + column + " marks " + positives + " of "
                            + truth.length + " rows as outliers; ROC-AUC needs both kinds");
                }
                o.printf("against %s column %s (%,d outliers, %.2f%%): ROC-AUC %.4f  average precision %.4f  "
                                + "precision at the true rate %.4f%n", truthFile.getFileName(), column, positives,
                        100.0 * positives / truth.length, RocAuc.score(truth, scores),
                        AveragePrecision.score(truth, scores), PrecisionAtK.atTrueRate(truth, scores));
            }
            return 0;
        }
    }

    private OutlierMethod.Settings settings() {
        try {
            return new OutlierMethod.Settings(neighbors, clusters, contamination, seed,
                    Runtime.getRuntime().availableProcessors());
        } catch (IllegalArgumentException e) {
            throw new DescryException("--" + e.getMessage());
        }
    }
}
