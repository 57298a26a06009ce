package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.descry.data.Case;
import org.descry.data.DescryException;
import org.descry.grid.ClusterGrid;
import org.descry.grid.OutlierScores;
import org.descry.grid.OutlierSheet;
import org.descry.grid.RenderedSheet;
import org.descry.io.LabelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry grid CASE}: contact sheets of what each cluster holds, or of the top outliers. */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = {"Writes contact sheets of each cluster's images, or of the top outliers.",
                "With --labels (path,cluster): one PNG per cluster (cluster-<id>.png, noise.png) of a seeded random",
                "sample of its images, titled with its size and share, and index.png with a row per cluster.",
                "With --outliers (path,score,outlier): outliers.png, the highest scores first, flagged ones framed.",
                "Images are read from the case's zip; one that cannot be read is a marked tile and a warning."})
final class GridCommand implements Callable<Integer> {

    private static final int MAX_WARNINGS = 20;

    @Parameters(paramLabel = "CASE", description = "The case folder.")
    Path caseDir;

    @Option(names = "--labels", paramLabel = "clusters.csv", description = "path,cluster: a sheet per cluster.")
    Path labelsFile;

    @Option(names = "--outliers", paramLabel = "outliers.csv", description = "path,score,outlier: the outlier sheet.")
    Path outliersFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the PNGs into.")
    Path out;

    @Option(names = "--per-cluster", defaultValue = "16", description = "Images per cluster (default ${DEFAULT-VALUE}).")
    int perCluster;

    @Option(names = "--count", defaultValue = "48", description = "Images on the outlier sheet (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the samples (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    CaseOptions caseOptions = new CaseOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((labelsFile == null) == (outliersFile == null)) {
            throw new DescryException("give one of --labels (a sheet per cluster) or --outliers (the outlier sheet)");
        }
        if (perCluster < 1 || perCluster > 1000) {
            throw new DescryException("--per-cluster must be in [1, 1000], got " + perCluster);
        }
        if (count < 1 || count > 2000) {
            throw new DescryException("--count must be in [1, 2000], got " + count);
        }
        long t0 = System.nanoTime();
        try (Case c = caseOptions.open(caseDir, err)) {
            if (labelsFile != null) {
                int[] labels = LabelFiles.clustersByRow(labelsFile, c.paths());
                ClusterGrid.Written w = ClusterGrid.of(perCluster, seed).write(out, c.images(), c.paths(), labels);
                warn(err, w.warnings());
                o.printf("wrote %d cluster sheets and %s to %s in %.1f s%s%n", w.files().size(),
                        w.index().getFileName(), out, (System.nanoTime() - t0) / 1e9, missing(w.warnings()));
            } else {
                OutlierScores scores = OutlierScores.read(outliersFile);
                RenderedSheet s = new OutlierSheet(count, 8, 128).render(c.images(), scores);
                Path png = out.resolve("outliers.png");
                s.writePng(png);
                warn(err, s.warnings());
                o.printf("wrote %s (the %d highest of %,d scores) in %.1f s%s%n", png, Math.min(count,
                        scores.paths().size()), scores.paths().size(), (System.nanoTime() - t0) / 1e9,
                        missing(s.warnings()));
            }
            return 0;
        }
    }

    private static String missing(List<String> warnings) {
        return warnings.isEmpty() ? "" : "; " + warnings.size() + " images could not be read (marked tiles)";
    }

    private static void warn(PrintWriter err, List<String> warnings) {
        for (int i = 0; i < Math.min(MAX_WARNINGS, warnings.size()); i++) {
            err.println("descry: warning: " + warnings.get(i));
        }
        if (warnings.size() > MAX_WARNINGS) {
            err.println("descry: warning: ... and " + (warnings.size() - MAX_WARNINGS) + " more images could not be read");
        }
    }
}
