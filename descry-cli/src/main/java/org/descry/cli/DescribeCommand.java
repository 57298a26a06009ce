package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.descry.describe.ZipDescriber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry describe ZIP --out DIR}: image descriptors for people who have images but no CNN descriptors. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Computes descriptor sets for a zip of images and writes a case folder.",
                "Computes descriptor sets (pixels, hog, color, randconv) for every JPEG/PNG image of a zip "
                + "and writes a case folder: descriptors/*.pickle, images_paths.csv, row_data/<the zip>. "
                + "Images that cannot be decoded are left out with a warning and listed in skipped_images.csv."})
final class DescribeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ZIP", description = "A zip of JPEG or PNG images.")
    Path zip;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The case folder to write.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ZipDescriber describer = ZipDescriber.standard();
        ZipDescriber.Result r;
        try (ProgressBar bar = new ProgressBar("describe", err)) {
            r = describer.writeCase(zip, out, bar, w -> err.println("descry: warning: " + w));
        }
        o.printf("wrote %s: %,d images, descriptor sets %s%s%n", out, r.entryNames().size(),
                String.join(", ", r.sets().keySet()),
                r.skipped().isEmpty() ? "" : String.format(" (%,d images skipped, see %s)", r.skipped().size(),
                        out.resolve(ZipDescriber.SKIPPED)));
        return 0;
    }
}
