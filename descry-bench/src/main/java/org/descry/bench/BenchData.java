package org.descry.bench;

import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.descry.linalg.Kernels;

/** Seeded inputs and kernel selection shared by the benchmarks. */
final class BenchData {

    private BenchData() {}

    static Kernels kernels(String impl, int threads) {
        return switch (impl) {
            case "vector" -> Kernels.best().withThreads(threads);
            case "scalar" -> Kernels.scalar().withThreads(threads);
            default -> throw new IllegalArgumentException("impl must be vector or scalar, got " + impl);
        };
    }

    static float[] floats(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }

    static FloatMatrix matrix(SplittableRandom rnd, int rows, int cols) {
        return FloatMatrix.wrap(floats(rnd, rows * cols), rows, cols);
    }

    /** Parses {@code "2048x2560"} or {@code "2048x2048x2560"}. */
    static int[] shape(String s, int parts) {
        String[] p = s.split("x");
        if (p.length != parts) {
            throw new IllegalArgumentException("shape must have " + parts + " parts like 2048x2560, got " + s);
        }
        int[] out = new int[parts];
        for (int i = 0; i < parts; i++) {
            out[i] = Integer.parseInt(p[i]);
        }
        return out;
    }
}
