package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.descry.label.Evaluation;
import picocli.CommandLine.Command;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        o.print(Evaluation.of(labels, truth).describe());
        return 0;
    }
}
