package org.descry.io;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared test data ({@code shared/data} beside the checkout, never copied into the repository) by
 * walking up from the working directory; tests that need it are skipped where it is absent.
 */
public final class SharedData {

    private SharedData() {}

    /** {@code shared/data}, or skips the calling test. */
    public static Path dir() {
        Path found = find();
        Assumptions.assumeTrue(found != null, "shared/data not found above " + Path.of("").toAbsolutePath());
        return found;
    }

    /** {@code shared/data/pickles}, or skips the calling test. */
    public static Path pickles() {
        Path p = dir().resolve("pickles");
        Assumptions.assumeTrue(Files.isDirectory(p), "no " + p);
        return p;
    }

    /** {@code shared/data/fashion-case}, or skips the calling test. */
    public static Path fashionCase() {
        Path p = dir().resolve("fashion-case");
        Assumptions.assumeTrue(Files.isDirectory(p), "no " + p);
        return p;
    }

    /** {@code shared/data}, or null. */
    public static Path find() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate.resolve("pickles"))) {
                return candidate;
            }
        }
        return null;
    }
}
