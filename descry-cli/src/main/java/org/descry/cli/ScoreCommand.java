package org.descry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.descry.data.Case;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.io.LabelFiles;
import org.descry.metrics.ClusterScores;
import org.descry.study.Preprocessing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry score CASE}: how good a clustering is, on the data and against a truth column. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Scores a clustering on the data and against a truth column.",
                "Scores a clustering (path,cluster) of a case: Calinski-Harabasz, Davies-Bouldin, silhouette "
                + "(sampled above 50,000 rows) and inertia on the descriptor set after the given preprocessing (raw when "
                + "none is given), and ARI, NMI, AMI, homogeneity, completeness, V-measure and purity against a truth "
                + "column (rows with an empty truth value are left out). Noise (-1) is left out."})
final class ScoreCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CASE", description = "The case folder.")
    Path caseDir;

    @Option(names = "--descriptor", required = true, paramLabel = "NAME", description = "Descriptor set.")
    String descriptor;

    @Option(names = "--labels", required = true, paramLabel = "clusters.csv", description = "path,cluster to score.")
    Path labelsFile;

    @Mixin
    PreprocessOptions preprocess = new PreprocessOptions();

    @Option(names = "--truth", paramLabel = "labels.csv", description = "A CSV with the true labels (column paths).")
    Path truthFile;

    @Option(names = "--column", paramLabel = "NAME", description = "The truth column, for example type.")
    String column;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the silhouette sample (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the scores as JSON.")
    boolean json;

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
        Preprocessing pre = preprocess.resolve("none", "none");
        try (Case c = caseOptions.open(caseDir, err)) {
            List<String> paths = c.paths();
            int[] labels = LabelFiles.clustersByRow(labelsFile, paths);
            int[] truth = truthFile == null ? null : LabelFiles.truthByRow(truthFile, column, paths);
            ClusterScores s;
            try (ProgressBar bar = new ProgressBar("score " + descriptor, err)) {
                FloatMatrix x = pre.fit(c.descriptor(descriptor, bar), bar).reduced();
                s = ClusterScores.compute(x, labels, truth, ClusterScores.Options.DEFAULT.withSeed(seed), bar);
            }
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("descriptor", descriptor);
            facts.put("scaler", pre.scaler().cliName());
            facts.put("pca", pre.pca() == null ? "none" : preprocess.pca);
            facts.put("internal", s.internal());
            if (s.external() != null) {
                facts.put("truth_column", column);
                facts.put("external", s.external());
            }
            if (json) {
                o.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(facts));
            } else {
                print(o, s);
            }
            return 0;
        }
    }

    private void print(PrintWriter o, ClusterScores s) {
        var i = s.internal();
        o.printf("%s (%s): %,d rows in %d clusters%s%n", descriptor, labelsFile, i.rows(), i.clusters(),
                i.noiseRows() > 0 ? String.format(", %,d noise rows left out", i.noiseRows()) : "");
        o.printf("  Calinski-Harabasz %.6g   Davies-Bouldin %.6g   silhouette %.6g%s   inertia %.6g%n",
                i.calinskiHarabasz(), i.daviesBouldin(), i.silhouette(),
                i.silhouetteSampled() ? String.format(" (sample of %,d)", i.silhouetteRows()) : "", i.inertia());
        var e = s.external();
        if (e != null) {
            o.printf("  against %s (%,d rows, %d classes): ARI %.4f  NMI %.4f  AMI %.4f  homogeneity %.4f  "
                            + "completeness %.4f  V %.4f  purity %.4f%n", column, e.rows(), e.classes(),
                    e.adjustedRandIndex(), e.normalizedMutualInfo(), e.adjustedMutualInfo(), e.homogeneity(),
                    e.completeness(), e.vMeasure(), e.purity());
        }
    }
}
