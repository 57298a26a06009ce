package org.descry.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeterminismTest {

    @TempDir
    Path tmp;

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    /** The same seed gives the same bytes in every file, whatever the number of threads; another seed does not. */
    @ParameterizedTest
    @ValueSource(longs = {3, 1234567})
    void sameSeedSameBytes(long seed) throws IOException {
        CaseGenerator.Config c = CaseGenerator.Config.defaults(seed, 70);
        new CaseGenerator(c.withThreads(1)).generate(tmp.resolve("a"), (d, t) -> { });
        new CaseGenerator(c.withThreads(3)).generate(tmp.resolve("b"), (d, t) -> { });
        new CaseGenerator(CaseGenerator.Config.defaults(seed + 1, 70)).generate(tmp.resolve("c"), (d, t) -> { });
        List<Path> files = files(tmp.resolve("a"));
        assertEquals(7, files.size(), files.toString());
        assertEquals(files, files(tmp.resolve("b")));
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)),
                    Files.readAllBytes(tmp.resolve("b").resolve(f)), f.toString());
        }
        assertFalse(Arrays.equals(Files.readAllBytes(tmp.resolve("a/row_data/demo.zip")),
                Files.readAllBytes(tmp.resolve("c/row_data/demo.zip"))));
    }
}
