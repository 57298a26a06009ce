package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.descry.label.Evaluation;
import org.descry.metrics.ContingencyMatrix;
import org.descry.plot.ContingencyHeatmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry evaluate labels.csv truth.csv}: how well labels match a truth file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Compares a descry label output with the truth.",
                "Per attribute over the truth's inliers: accuracy counting withheld values as wrong, coverage and "
                + "accuracy on what was labelled; for outliers (when both files have them) ROC-AUC of "
                + "outlier_score, precision and recall of the outlier flag."})
final class EvaluateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "labels.csv", description = "The output of descry label.")
    Path labels;

    @Parameters(index = "1", paramLabel = "truth.csv", description = "paths plus attribute columns and outlier.")
    Path truth;

    @Option(names = "--plots", paramLabel = "DIR",
            description = "Also write a confusion matrix PNG per attribute (confusion-<attribute>.png) into DIR.")
    Path plots;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        Evaluation e = Evaluation.of(labels, truth);
        o.print(e.describe());
        if (plots != null) {
            for (Evaluation.Attribute a : e.attributes()) {
                int r = a.classes().size();
                int c = a.predicted().size();
                long[] counts = new long[r * c];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = a.confusion()[i];
                }
                Path png = plots.resolve("confusion-" + a.name() + ".png");
                new ContingencyHeatmap(String.format(Locale.ROOT, "%s: accuracy %.3f, coverage %.3f", a.name(),
                        a.accuracy(), a.coverage()), "true " + a.name(), "labelled as")
                        .writePng(png, new ContingencyMatrix(IntStream.range(0, r).toArray(),
                                IntStream.range(0, c).toArray(), counts), a.classes(), a.predicted());
                o.println("wrote " + png);
            }
        }
        return 0;
    }
}
