package org.descry.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both directions against real numpy ({@code /usr/bin/python3} with numpy; skipped where there is none):
 * numpy loads what {@link NumpyWriter} writes, and {@link NumpyReader} reads what numpy writes, value for value.
 */
class PythonNumpyTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;

    @BeforeAll
    static void needNumpy() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON);
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy").redirectErrorStream(true).start();
        Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "no numpy in " + PYTHON);
    }

    private static String python(Path dir, String script) throws Exception {
        Path file = dir.resolve("script.py");
        Files.writeString(file, script);
        Process p = new ProcessBuilder(PYTHON.toString(), file.toString()).directory(dir.toFile())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void numpyLoadsWhatWeWrite() throws Exception {
        FloatMatrix m = RoundTripTest.randomMatrix(37, 13, 5);
        m.set(2, 3, Float.NaN);
        NumpyWriter.writePickle(tmp.resolve("f.pickle"), m);
        NumpyWriter.writeNpy(tmp.resolve("f.npy"), m);
        FloatMatrix empty = FloatMatrix.zeros(0, 9);
        NumpyWriter.writePickle(tmp.resolve("e.pickle"), empty);
        NumpyWriter.writeNpy(tmp.resolve("e.npy"), empty);
        int[] ints = new int[6 * 5];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = i * 1_000_003 - 7;
        }
        NumpyWriter.writePickle(tmp.resolve("i.pickle"), ints, 6, 5);
        NumpyWriter.writeNpy(tmp.resolve("i.npy"), ints, 6, 5);
        Files.write(tmp.resolve("f.raw"), m.segment().toArray(ValueLayout.JAVA_BYTE));
        byte[] raw = new byte[ints.length * 4];
        MemorySegment.ofArray(raw).copyFrom(MemorySegment.ofArray(ints));
        Files.write(tmp.resolve("i.raw"), raw);

        String out = python(tmp, """
                import json, pickle, numpy as np
                f = np.fromfile('f.raw', dtype='<f4').reshape(37, 13)
                i = np.fromfile('i.raw', dtype='<i4').reshape(6, 5)
                res = {}
                for name, want in [('f', f), ('e', np.zeros((0, 9), '<f4')), ('i', i)]:
                    with open(name + '.pickle', 'rb') as fh:
                        a = pickle.load(fh)
                    b = np.load(name + '.npy')
                    for kind, got in [('pickle', a), ('npy', b)]:
                        res[name + '.' + kind] = [str(got.dtype), list(got.shape),
                                                  bool(np.array_equal(got, want, equal_nan=True))]
                print(json.dumps(res))
                """);
        JsonNode res = new ObjectMapper().readTree(out.strip().lines().reduce((a, b) -> b).orElseThrow());
        for (String key : List.of("f.pickle", "f.npy", "e.pickle", "e.npy", "i.pickle", "i.npy")) {
            JsonNode r = res.get(key);
            assertEquals(key.startsWith("i") ? "int32" : "float32", r.get(0).asText(), key);
            assertTrue(r.get(2).asBoolean(), key + " differs in numpy: " + r);
        }
        assertEquals("[37,13]", res.get("f.pickle").get(1).toString());
        assertEquals("[0,9]", res.get("e.npy").get(1).toString());
    }

    @Test
    void weReadWhatNumpyWrites() throws Exception {
        python(tmp, """
                import pickle, numpy as np
                rng = np.random.default_rng(3)
                base = rng.standard_normal((41, 23))
                arrays = {
                    'f32': base.astype('<f4'),
                    'f64': base,
                    'fortran': np.asfortranarray(base.astype('<f4')),
                    'fortran64': np.asfortranarray(base),
                    'bigendian': base.astype('>f4'),
                    'view': base.astype('<f4')[::3, 1::2],
                    'int16': (base * 1000).astype('<i2'),
                    'uint16': (np.abs(base) * 1000).astype('>u2'),
                    'bool': base > 0,
                    'single_col_f': np.asfortranarray(base[:, :1].astype('<f4')),
                }
                for name, a in arrays.items():
                    np.ascontiguousarray(a, dtype='<f8').tofile(name + '.raw')
                    for proto in (0, 2, 5):
                        with open(f'{name}-p{proto}.pickle', 'wb') as fh:
                            pickle.dump(a, fh, protocol=proto)
                    np.save(name + '.npy', a)
                np.savez('stored.npz', **arrays)
                np.savez_compressed('deflated.npz', **arrays)
                np.save('v2.npy', arrays['f32'])
                # format version 2.0 and 3.0 headers, as numpy writes them for long headers / unicode names
                import numpy.lib.format as fmt
                for v in ((2, 0), (3, 0)):
                    with open(f'v{v[0]}.npy', 'wb') as fh:
                        fmt.write_array(fh, arrays['fortran'], version=v)
                """);
        String[] names = {"f32", "f64", "fortran", "fortran64", "bigendian", "view", "int16", "uint16", "bool",
            "single_col_f"};
        String[] dtypes = {"float32", "float64", "float32", "float64", "float32", "float32", "int16", "uint16", "bool",
            "float32"};
        int checked = 0;
        Map<String, NumpyArray> stored = NumpyReader.readAll(tmp.resolve("stored.npz"));
        Map<String, NumpyArray> deflated = NumpyReader.readAll(tmp.resolve("deflated.npz"));
        for (int k = 0; k < names.length; k++) {
            double[] want = readRaw(tmp.resolve(names[k] + ".raw"));
            for (String file : List.of("-p0.pickle", "-p2.pickle", "-p5.pickle", ".npy")) {
                NumpyArray a = NumpyReader.read(tmp.resolve(names[k] + file));
                assertEquals(dtypes[k], a.dtype().numpyName(), names[k] + file);
                assertSame(a, want, names[k] + file);
                checked++;
            }
            assertSame(stored.get(names[k]), want, "stored " + names[k]);
            assertTrue(stored.get(names[k]).isMapped(), "a stored npz entry is mapped in place");
            assertSame(deflated.get(names[k]), want, "deflated " + names[k]);
            checked += 2;
        }
        assertEquals(60, checked);
        double[] fortran = readRaw(tmp.resolve("fortran.raw"));
        assertSame(NumpyReader.read(tmp.resolve("v2.npy")), fortran, "npy 2.0");
        assertSame(NumpyReader.read(tmp.resolve("v3.npy")), fortran, "npy 3.0");
        assertTrue(NumpyReader.read(tmp.resolve("f32-p5.pickle")).isMapped());
    }

    /** Every value of {@code a}, through {@link NumpyArray#get} and through {@link NumpyArray#toFloatMatrix}. */
    private static void assertSame(NumpyArray a, double[] want, String what) {
        int rows = a.rows();
        int cols = a.cols();
        assertEquals(want.length, (long) rows * cols, what);
        FloatMatrix m = a.toFloatMatrix();
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double w = want[r * cols + c];
                assertEquals(w, a.get(r, c), 0.0, what + " at " + r + "," + c);
                assertEquals((float) w, m.get(r, c), 0.0f, what + " matrix at " + r + "," + c);
                sum += w;
            }
        }
        assertEquals(sum, a.stats().sum(), 1e-9 * Math.max(1, Math.abs(sum)), what);
    }

    private static double[] readRaw(Path p) throws IOException {
        MemorySegment s = MemorySegment.ofArray(Files.readAllBytes(p));
        double[] out = new double[(int) (s.byteSize() / 8)];
        MemorySegment.copy(s, ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, out, 0, out.length);
        return out;
    }

    @Test
    void arrayShapesSurviveSeveralArraysInOneNpz() throws Exception {
        python(tmp, """
                import numpy as np
                np.savez('two.npz', a=np.ones((2, 3), '<f4'), b=np.arange(4, dtype='<i8'))
                """);
        Map<String, NumpyArray> all = NumpyReader.readAll(tmp.resolve("two.npz"));
        assertEquals(List.of("a", "b"), List.copyOf(all.keySet()));
        assertArrayEquals(new long[] {4}, all.get("b").shape());
        assertEquals(6.0, all.get("b").stats().sum());
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.descry.data.DescryException.class,
                () -> NumpyReader.read(tmp.resolve("two.npz")));
        assertTrue(e.getMessage().contains("(a, b)"), e.getMessage());
        assertEquals(DType.INT64, NumpyReader.read(tmp.resolve("two.npz"), "b").dtype());
    }
}
