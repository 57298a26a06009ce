package org.descry.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * Where a fitted model came from: what was fitted (the algorithm and its full configuration), the seed, the
 * input (a file or descriptor set name with its shape) and the Descry version, so a saved model can be
 * explained and reproduced.
 *
 * @param algorithm the algorithm's short name, for example {@code "kmeans"} or {@code "pca"}
 * @param config    the configuration, as plain JSON-able values (strings, numbers, booleans, lists, maps)
 * @param seed      the random seed, or 0 for deterministic algorithms
 * @param input     what it was fitted on, for example {@code "descriptors/hog.pickle (8240 x 324)"}
 * @param version   the Descry version that fitted it
 * @param fittedAt  when, ISO-8601 UTC
 */
public record Provenance(String algorithm, Map<String, Object> config, long seed, String input, String version,
                         String fittedAt) {

    public Provenance {
        Objects.requireNonNull(algorithm, "algorithm");
        config = Map.copyOf(Objects.requireNonNull(config, "config"));
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(fittedAt, "fittedAt");
    }

    /** A provenance stamped now with this build's version. */
    public static Provenance of(String algorithm, Map<String, Object> config, long seed, String input) {
        return new Provenance(algorithm, config, seed, input, currentVersion(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** The Descry version from the jar manifest, or {@code "dev"} when run from classes. */
    public static String currentVersion() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
