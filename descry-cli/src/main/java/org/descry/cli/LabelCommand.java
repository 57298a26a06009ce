package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.descry.data.Case;
import org.descry.label.LabelBundle;
import org.descry.label.Labeler;
import org.descry.model.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry label MODEL CASE --out labels.csv}: labels new images with named clusters. */
@Command(name = "label", mixinStandardHelpOptions = true,
        description = {"Labels the images of a case with a named label bundle.",
                "MODEL is a study folder (its model/ is used) or a label bundle whose clusters were named with "
                + "'descry name'. Writes path, then per attribute A the columns A and A_confidence (empty when "
                + "withheld), then reason (why values were withheld)."})
final class LabelCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A study folder or a label bundle.")
    Path model;

    @Parameters(index = "1", paramLabel = "CASE", description = "The case folder with the new images.")
    Path caseDir;

    @Option(names = "--out", required = true, paramLabel = "labels.csv", description = "Where to write the labels.")
    Path out;

    @Mixin
    CaseOptions caseOptions = new CaseOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path bundleDir = Files.isRegularFile(model.resolve("model").resolve(ModelStore.MANIFEST))
                ? model.resolve("model") : model;
        LabelBundle bundle = LabelBundle.load(bundleDir);
        long t0 = System.nanoTime();
        Labeler.Summary s;
        try (Case c = caseOptions.open(caseDir, err);
             ProgressBar bar = new ProgressBar("label", err)) {
            s = Labeler.label(bundle, c, out, bar);
        }
        o.printf("wrote %s: %,d images in %.1f s%n", out, s.rows(), (System.nanoTime() - t0) / 1e9);
        o.print(s.describe());
        return 0;
    }
}
