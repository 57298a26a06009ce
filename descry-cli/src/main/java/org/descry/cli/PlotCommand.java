package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.descry.io.EmbeddingCsv;
import org.descry.io.LabelFiles;
import org.descry.plot.ProjectionPlot;
import org.descry.plot.ScatterPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry plot EMBEDDING}: draws an embedding as a PNG map, coloured by cluster. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draws an embedding (path,x,y[,z]) as a PNG map coloured by cluster.",
                "A 2-D embedding is one map; a 3-D one is drawn as four rotated projections. With --labels",
                "(path,cluster) points take their cluster's colour (grey for noise, -1), with a legend of sizes and",
                "each cluster's id at its centre; without, one colour."})
final class PlotCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EMBEDDING", description = "path,x,y[,z] as 'descry embed' writes it.")
    Path embedding;

    @Option(names = "--labels", paramLabel = "clusters.csv", description = "path,cluster to colour by.")
    Path labelsFile;

    @Option(names = "--out", required = true, paramLabel = "map.png", description = "Where to write the PNG.")
    Path out;

    @Option(names = "--title", paramLabel = "TEXT", description = "Title (default: the file names).")
    String title;

    @Option(names = "--width", defaultValue = "0", description = "Width in pixels (default 1200, 1300 for 3-D).")
    int width;

    @Option(names = "--height", defaultValue = "0", description = "Height in pixels (default 900, 1100 for 3-D).")
    int height;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the drawing order (default ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        EmbeddingCsv e = EmbeddingCsv.read(embedding);
        int[] labels = labelsFile == null ? null : LabelFiles.clustersByRow(labelsFile, e.paths());
        String t = title != null ? title : embedding.getFileName()
                + (labelsFile == null ? "" : " coloured by " + labelsFile.getFileName());
        if (e.dims() == 2) {
            ScatterPlot p = ScatterPlot.titled(t).withSeed(seed);
            p.withSize(width > 0 ? width : p.width(), height > 0 ? height : p.height())
                    .writePng(out, e.x(), e.y(), labels);
        } else {
            ProjectionPlot p = ProjectionPlot.titled(t).withSeed(seed);
            p.withSize(width > 0 ? width : p.width(), height > 0 ? height : p.height())
                    .writePng(out, e.x(), e.y(), e.z(), labels);
        }
        o.printf("wrote %s (%,d points%s, %s) in %.1f s%n", out, e.paths().size(),
                labels == null ? "" : " coloured by " + labelsFile.getFileName(),
                e.dims() == 2 ? "2-D map" : "four projections of 3-D", (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
