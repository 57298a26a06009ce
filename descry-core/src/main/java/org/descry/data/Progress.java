package org.descry.data;

/**
 * Where long work reports how far it is. The library calls it; the CLI draws a bar with ETA, the web app a
 * gauge. Implementations must be cheap and thread-safe: workers may call it from several threads.
 */
@FunctionalInterface
public interface Progress {

    /** Nothing reported. */
    Progress NONE = (done, total) -> { };

    /** {@code done} of {@code total} units are finished ({@code total <= 0} when unknown). */
    void step(long done, long total);
}
