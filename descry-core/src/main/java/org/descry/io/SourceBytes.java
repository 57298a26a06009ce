package org.descry.io;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.descry.data.DescryException;

/**
 * Bytes being parsed and where they came from: a read-only mapping of a file (or a slice of one, for a stored
 * npz entry), or bytes inflated into memory from a deflated npz entry. {@code fileOffset} is where
 * {@code bytes} starts in {@code path}, or -1 when the bytes are not the file's own, so a payload found at
 * position {@code p} can be reported as file byte {@code fileOffset + p}.
 *
 * @param path       the file the user named
 * @param label      how messages name the bytes: the path, or {@code path[entry]} for an npz entry
 * @param bytes      the bytes, read-only
 * @param fileOffset offset of {@code bytes} in {@code path}, or -1
 */
record SourceBytes(Path path, String label, MemorySegment bytes, long fileOffset) {

    /** A one-line user error naming these bytes. */
    DescryException fail(String problem) {
        return new DescryException(label + ": " + problem);
    }

    /** The same source restricted to {@code [offset, offset + length)}. */
    SourceBytes slice(long offset, long length, String newLabel) {
        return new SourceBytes(path, newLabel, bytes.asSlice(offset, length),
                fileOffset < 0 ? -1 : fileOffset + offset);
    }
}
