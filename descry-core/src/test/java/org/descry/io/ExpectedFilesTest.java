package org.descry.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of {@code shared/data/pickles} against what {@code expected.json} says a correct reader returns. */
class ExpectedFilesTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    static Stream<Arguments> files() throws IOException {
        Path dir = SharedData.find();
        Assumptions.assumeTrue(dir != null, "shared/data not found");
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("pickles/expected.json").toFile());
        List<Arguments> out = new ArrayList<>();
        expected.properties().forEach(e -> out.add(Arguments.of(e.getKey(), e.getValue())));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void readsAsExpected(String name, JsonNode expect) {
        Path file = SharedData.pickles().resolve(name);
        JsonNode ok = expect.get("ok");
        if (ok.isTextual() && ok.asText().equals("either")) {
            assertTimeoutPreemptively(LIMIT, () -> {
                try {
                    NumpyArray a = NumpyReader.read(file);
                    FloatMatrix m = a.toFloatMatrix();
                    assertEquals(m.rows() * (long) m.cols(), a.size());
                    a.stats();
                } catch (DescryException e) {
                    assertNamesFile(e, file);
                }
            });
            return;
        }
        if (!ok.asBoolean()) {
            DescryException e = assertTimeoutPreemptively(LIMIT,
                    () -> assertThrows(DescryException.class, () -> NumpyReader.readMatrix(file)));
            assertNamesFile(e, file);
            String word = expect.get("error_contains").asText();
            assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT)),
                    () -> "'" + e.getMessage() + "' should contain '" + word + "'");
            if (expect.has("shape")) {
                NumpyArray a = NumpyReader.read(file);
                assertArrayEquals(longs(expect.get("shape")), a.shape());
                for (JsonNode d : expect.get("shape")) {
                    assertTrue(e.getMessage().contains(d.asText()), () -> e.getMessage() + " should give the shape");
                }
            }
            return;
        }
        if (expect.has("arrays")) {
            Map<String, NumpyArray> all = assertTimeoutPreemptively(LIMIT, () -> NumpyReader.readAll(file));
            assertEquals(fieldNames(expect.get("arrays")), List.copyOf(all.keySet()));
            expect.get("arrays").properties().forEach(e -> check(all.get(e.getKey()), e.getValue()));
            String first = fieldNames(expect.get("arrays")).getFirst();
            assertEquals(all.get(first).shape()[0], NumpyReader.read(file).shape()[0]);
            return;
        }
        NumpyArray a;
        try {
            a = assertTimeoutPreemptively(LIMIT, () -> NumpyReader.read(file));
        } catch (DescryException e) {
            if (expect.path("optional").asBoolean()) {
                assertNamesFile(e, file);
                return;
            }
            throw e;
        }
        check(a, expect);
    }

    private static void check(NumpyArray a, JsonNode expect) {
        assertArrayEquals(longs(expect.get("shape")), a.shape(), "shape");
        assertEquals(expect.get("dtype").asText(), a.dtype().numpyName(), "dtype");
        ArrayStats s = a.stats();
        double sum = expect.get("sum").asDouble();
        assertEquals(sum, s.sum(), Math.max(1e-9, Math.abs(sum) * (a.dtype().isFloating() ? 1e-6 : 0)), "sum");
        assertEquals(expect.path("nan_count").asLong(0), s.nanCount(), "nan_count");
        assertEquals(expect.path("inf_count").asLong(0), s.infCount(), "inf_count");
        long rows = a.shape()[0];
        if (rows > 0) {
            checkRow(a, 0, expect.get("first_row"));
            checkRow(a, rows - 1, expect.get("last_row"));
        }
        FloatMatrix m = a.toFloatMatrix();
        assertEquals(a.shape()[0], m.rows());
        assertEquals(a.shape()[1], m.cols());
        if (rows > 0) {
            JsonNode last = expect.get("last_row");
            for (int j = 0; j < last.size(); j++) {
                assertEquals((float) last.get(j).asDouble(), m.get(m.rows() - 1, j), "matrix last row " + j);
            }
        }
        boolean inPlace = a.dtype() == DType.FLOAT32 && a.byteOrder() == ByteOrder.LITTLE_ENDIAN && !a.fortranOrder();
        if (inPlace && a.fileOffset() >= 0) {
            assertTrue(m.isReadOnly() && m.segment().isMapped(), "a C-order float32 payload in the file is mapped");
        } else if (!inPlace) {
            assertFalse(m.segment().isMapped(), "a converted matrix is a copy");
        }
    }

    private static void checkRow(NumpyArray a, long row, JsonNode values) {
        for (int j = 0; j < values.size(); j++) {
            double want = values.get(j).asDouble();
            double got = a.get(row, j);
            if (Double.isNaN(want)) {
                assertTrue(Double.isNaN(got));
            } else {
                assertEquals(want, got, Math.abs(want) * 1e-7, "row " + row + " col " + j);
            }
        }
    }

    private static void assertNamesFile(DescryException e, Path file) {
        assertTrue(e.getMessage().startsWith(file.toString()), () -> "'" + e.getMessage() + "' should start with " + file);
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    private static long[] longs(JsonNode n) {
        long[] out = new long[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asLong();
        }
        return out;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.properties().forEach(e -> out.add(e.getKey()));
        return out;
    }

    @Test
    void everyFileInTheFolderIsListed() throws IOException {
        Path dir = SharedData.pickles();
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        try (Stream<Path> files = java.nio.file.Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("expected.json"))
                    .forEach(n -> {
                        if (!expected.has(n)) {
                            fail(n + " is not in expected.json");
                        }
                    });
        }
    }
}
