package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.descry.data.Case;
import org.descry.study.Study;
import org.descry.study.StudyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry study CASE --out DIR}: the whole study of a case, from descriptors to a chosen clustering. */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"Runs the whole study of a case, from descriptors to a recommended clustering and a report.",
                "Every descriptor set (and mixture) scaled, reduced and clustered "
                + "over a k range with several algorithms, each run scored, one run chosen per descriptor set and "
                + "one recommended; writes DIR/clusters.csv, DIR/runs/, DIR/model/, DIR/study.json and DIR/report.html. "
                + "A rerun into the same DIR reuses finished runs and cached preprocessing."})
final class StudyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CASE", description = "The case folder.")
    Path caseDir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the study.")
    Path out;

    @Option(names = "--config", paramLabel = "study.json",
            description = "A JSON file changing the default grid (see the README, section 'The study').")
    Path configFile;

    @Mixin
    CaseOptions caseOptions = new CaseOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StudyConfig config = configFile == null ? StudyConfig.DEFAULT : StudyConfig.read(configFile);
        long t0 = System.nanoTime();
        Study.Result r;
        try (Case c = caseOptions.open(caseDir, err);
             StudyProgressBar bar = new StudyProgressBar(err, ProgressBar.isTerminal())) {
            r = Study.run(c, config, out, bar::println, bar);
        }
        o.printf(Locale.ROOT, "study of %s: %d runs in %.1f s%n", caseDir, r.runs().size(),
                (System.nanoTime() - t0) / 1e9);
        for (Study.Choice ch : r.choices()) {
            o.printf(Locale.ROOT, "  %-20s %s%n", ch.descriptor(), ch.why());
        }
        o.printf("recommended: %s -> %s%n", r.recommended().run().id(), out.resolve("clusters.csv"));
        o.println("details: " + r.studyJson());
        return 0;
    }
}
