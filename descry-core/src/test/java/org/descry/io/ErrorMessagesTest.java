package org.descry.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.descry.data.DescryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-made bad inputs: each gives a one-line message that starts with the path and names the problem. */
class ErrorMessagesTest {

    @TempDir
    Path tmp;

    private String error(Path file) {
        DescryException e = assertThrows(DescryException.class, () -> NumpyReader.readMatrix(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void filesThatAreNotThere() {
        assertTrue(error(tmp.resolve("missing.pickle")).contains("no such file"));
        assertTrue(error(tmp).contains("directory"));
    }

    @Test
    void pickleProblems() throws IOException {
        assertTrue(error(file("p6", new byte[] {(byte) 0x80, 6, 'N', '.'})).contains("protocol 6"));
        assertTrue(error(file("none", new byte[] {(byte) 0x80, 2, 'N', '.'})).contains("holds a None"));
        assertTrue(error(file("nostop", new byte[] {(byte) 0x80, 2, 'N'})).contains("without a STOP"));
        // BINBYTES8 declaring 2^62 bytes: refused before any allocation
        assertTrue(error(file("huge", new byte[] {(byte) 0x80, 4, (byte) 0x8e, 0, 0, 0, 0, 0, 0, 0, 0x40, '.'}))
                .contains("truncated pickle: BINBYTES8"));
        byte[] marks = new byte[300_000];
        java.util.Arrays.fill(marks, (byte) '(');
        marks[0] = (byte) 0x80;
        marks[1] = 2;
        assertTrue(error(file("marks", marks)).contains("nested MARKs"));
        byte[] dups = new byte[1_200_000];
        java.util.Arrays.fill(dups, (byte) '2');
        dups[0] = (byte) 0x80;
        dups[1] = 2;
        dups[2] = 'N';
        assertTrue(error(file("dups", dups)).contains("stack items"));
    }

    @Test
    void npyProblems() throws IOException {
        byte[] header = NumpyWriter.npyHeader("<f4", 3, 2);
        assertTrue(error(file("short.npy", header)).contains("truncated .npy file"));
        byte[] v9 = header.clone();
        v9[6] = 9;
        assertTrue(error(file("v9.npy", v9)).contains("version 9.0"));
        byte[] obj = NumpyWriter.npyHeader("|O", 1, 1);
        assertTrue(error(file("obj.npy", obj)).contains("object"));
    }

    @Test
    void npzProblems() throws IOException {
        Path npz = tmp.resolve("x.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(npz))) {
            z.putNextEntry(new ZipEntry("a.npy"));
            z.write(NumpyWriter.npyHeader("<f4", 0, 3));
            z.putNextEntry(new ZipEntry("notes.txt"));
            z.write("hello".getBytes());
        }
        assertEquals(0, NumpyReader.read(npz, "a").shape()[0]);
        assertTrue(assertThrows(DescryException.class, () -> NumpyReader.read(npz, "b")).getMessage()
                .contains("(a, notes.txt)"));
        assertTrue(assertThrows(DescryException.class, () -> NumpyReader.readAll(npz)).getMessage()
                .contains("[notes.txt]: not an .npy array"));
        byte[] bytes = Files.readAllBytes(npz);
        assertTrue(error(file("cut.npz", java.util.Arrays.copyOf(bytes, bytes.length - 30))).contains("truncated .npz"));
    }

    @Test
    void readAllOfAPickleIsKeyedByFileName() throws IOException {
        Path p = tmp.resolve("descriptors.v2.pickle");
        NumpyWriter.writePickle(p, new int[] {1, 2}, 1, 2);
        assertEquals(List.of("descriptors.v2"), List.copyOf(NumpyReader.readAll(p).keySet()));
    }
}
