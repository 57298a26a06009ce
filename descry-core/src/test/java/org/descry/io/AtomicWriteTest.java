package org.descry.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.descry.data.DescryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: a failed write leaves the old file as it was and no temporary file; results are readable by all. */
class AtomicWriteTest {

    @TempDir
    Path dir;

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporary() throws Exception {
        Path f = dir.resolve("clusters.csv");
        AtomicWrite.writeString(f, "path,cluster\na,1\n");
        DescryException e = assertThrows(DescryException.class, () -> AtomicWrite.write(f, out -> {
            out.write("path,cluster\n".getBytes());
            throw new IOException("No space left on device");
        }));
        assertEquals(f + ": cannot write: disk full", e.getMessage());
        assertEquals("path,cluster\na,1\n", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void writtenFilesAreReadableByOthers() throws Exception {
        Path f = dir.resolve("report.html");
        AtomicWrite.writeString(f, "<html></html>");
        if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
        assertTrue(Files.isReadable(f));
    }
}
