package org.descry.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pickles that run a command when Python unpickles them: refused, naming the global, and nothing runs. */
class HostilePickleTest {

    @TempDir
    Path tmp;

    /** The shared hostile files; the file each one would create is found in its bytes, without Python. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedHostileFiles")
    void sharedHostileFileIsRefusedAndRunsNothing(String name, String global, boolean touchesFile) throws IOException {
        Path file = SharedData.pickles().resolve(name);
        byte[] bytes = Files.readAllBytes(file);
        Path target = targetOf(bytes);
        assertEquals(touchesFile, target != null, "a /tmp path in " + name);
        long before = target == null || !Files.exists(target) ? -1 : Files.getLastModifiedTime(target).toMillis();

        DescryException e = assertThrows(DescryException.class, () -> NumpyReader.read(file));

        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("refused global '" + global + "'"), e.getMessage());
        if (target == null) {
            return;
        }
        if (before < 0) {
            assertFalse(Files.exists(target), target + " was created: the pickle ran");
        } else {
            assertEquals(before, Files.getLastModifiedTime(target).toMillis(), target + " was touched");
        }
    }

    static Stream<Arguments> sharedHostileFiles() {
        return Stream.of(Arguments.of("hostile-os-system.pickle", "posix system", true),
                Arguments.of("hostile-eval.pickle", "builtins eval", true),
                // calls subprocess.Popen('f4', ...) in place of numpy.dtype: runs a program, names no file
                Arguments.of("hostile-swapped-global.pickle", "subprocess Popen", false));
    }

    /** The first {@code /tmp/...} path in the bytes (what {@code touch} would create), or null. */
    private static Path targetOf(byte[] bytes) {
        Matcher m = Pattern.compile("/tmp/[A-Za-z0-9._-]+").matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        return m.find() ? Path.of(m.group()) : null;
    }

    /** Hand-made hostile pickles aimed at a file in the test's own folder, through every opcode that imports. */
    @Test
    void everyImportingOpcodeIsCheckedBeforeAnyCall() throws IOException {
        Path marker = tmp.resolve("pwned");
        String cmd = "touch " + marker;
        List<byte[]> attacks = new ArrayList<>();
        // protocol 0 GLOBAL + REDUCE
        attacks.add(ascii("cposix\nsystem\n(V" + cmd + "\ntR."));
        // protocol 2 GLOBAL with os.system
        attacks.add(cat(new byte[] {(byte) 0x80, 2}, ascii("cos\nsystem\nX"), le32(cmd.length()), ascii(cmd + "\u0085R.")));
        // protocol 4 STACK_GLOBAL
        attacks.add(cat(new byte[] {(byte) 0x80, 4}, shortUnicode("subprocess"), shortUnicode("check_call"),
                new byte[] {(byte) 0x93}, shortUnicode("touch"), shortUnicode(marker.toString()),
                new byte[] {(byte) 0x86, (byte) 0x85, 'R', '.'}));
        // INST and OBJ, which call without REDUCE
        attacks.add(ascii("(V" + cmd + "\nios\nsystem\n."));
        attacks.add(ascii("(cos\nsystem\nV" + cmd + "\no."));
        // an allowed array whose dtype is built by a forbidden callable
        attacks.add(ascii("cnumpy.core.multiarray\n_reconstruct\n(cnumpy\nndarray\n(I0\ntVb\ntR(I1\n(I1\ntcos\nsystem\n(V"
                + cmd + "\ntR"));
        // a refused global followed by garbage: the refusal comes first
        attacks.add(cat(ascii("cbuiltins\ngetattr\n"), new byte[] {(byte) 0xff, (byte) 0xfe}));
        String[] names = {"posix system", "os system", "subprocess check_call", "os system", "os system", "os system",
            "builtins getattr"};
        for (int i = 0; i < attacks.size(); i++) {
            Path file = tmp.resolve("attack" + i + ".pkl");
            Files.write(file, attacks.get(i));
            DescryException e = assertThrows(DescryException.class, () -> NumpyReader.read(file), "attack " + i);
            assertTrue(e.getMessage().contains("refused global '" + names[i] + "'"), e.getMessage());
            assertFalse(Files.exists(marker), "attack " + i + " ran");
        }
    }

    @Test
    void extensionCodesAndPersistentIdsAreRefused() throws IOException {
        Path ext = tmp.resolve("ext.pkl");
        Files.write(ext, new byte[] {(byte) 0x80, 2, (byte) 0x82, 1, ')', 'R', '.'});
        assertTrue(assertThrows(DescryException.class, () -> NumpyReader.read(ext)).getMessage().contains("extension"));
        Path persid = tmp.resolve("persid.pkl");
        Files.write(persid, ascii("(Pobj\n."));
        assertTrue(assertThrows(DescryException.class, () -> NumpyReader.read(persid)).getMessage().contains("persistent"));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] shortUnicode(String s) {
        byte[] b = ascii(s);
        return cat(new byte[] {(byte) 0x8c, (byte) b.length}, b);
    }

    static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
