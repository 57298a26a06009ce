package org.descry.data;

/**
 * Where a long operation reports how far it got, so a caller can draw a progress bar with an ETA.
 *
 * <p>Operations call {@link #step} from one thread at a time, with {@code done} never decreasing and
 * {@code total} fixed for the operation; the last call has {@code done == total}.
 */
@FunctionalInterface
public interface Progress {

    /** Reports nothing. */
    Progress NONE = (done, total) -> { };

    void step(long done, long total);
}
