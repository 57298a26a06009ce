package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.descry.demo.CaseGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry make-case DIR}: draws a labelled demo case of road-camera vehicle images. */
@Command(name = "make-case", mixinStandardHelpOptions = true,
        description = {"Draws a labelled case of road-camera vehicle images.",
                "Draws a labelled case in the reference layout: vehicle JPEGs in row_data/demo.zip, "
                + "images_paths.csv, labels.csv (paths,item,type,colour,view,outlier) and four descriptor sets "
                + "computed from the images (pixels, hog, color, randconv). Deterministic for a seed."})
final class MakeCaseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "Folder to write the case into (created if needed).")
    Path dir;

    @Option(names = "--images", defaultValue = "5000", description = "Number of images (default ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--outlier-rate", defaultValue = "0.03",
            description = "Share of bad images (default ${DEFAULT-VALUE}).")
    double outlierRate;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        CaseGenerator.Summary s = make(dir, config(), spec.commandLine().getErr());
        out.printf("wrote %s: %,d images of %,d vehicles (%,d bad images), descriptor sets %s%n", s.dir(),
                s.images(), s.items(), s.outliers(), String.join(", ", s.descriptors()));
        return 0;
    }

    private CaseGenerator.Config config() {
        CaseGenerator.Config d = CaseGenerator.Config.defaults(seed, images);
        return new CaseGenerator.Config(seed, images, d.folders(), d.width(), d.height(), outlierRate,
                d.jpegQuality(), d.threads());
    }

    static CaseGenerator.Summary make(Path dir, CaseGenerator.Config config, PrintWriter err) throws IOException {
        try (ProgressBar bar = new ProgressBar("make-case", err)) {
            return new CaseGenerator(config).generate(dir, bar);
        }
    }
}
