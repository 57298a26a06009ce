package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.descry.data.Case;
import picocli.CommandLine.Option;

/** Options shared by commands that open a case folder. */
final class CaseOptions {

    @Option(names = "--drop-nonfinite",
            description = "Leave out, from every descriptor set and from the paths, rows holding NaN or Inf in any set "
                    + "(default: such rows are an error).")
    boolean dropNonFinite;

    Case open(Path dir, PrintWriter err) throws IOException {
        try (ProgressBar bar = new ProgressBar("checking " + dir.getFileName(), err)) {
            Case c = Case.open(dir, new Case.Options(dropNonFinite), bar);
            if (c.droppedCount() > 0) {
                err.printf("descry: %,d rows hold NaN or Inf in some descriptor set and are left out everywhere%n",
                        c.droppedCount());
            }
            return c;
        }
    }
}
