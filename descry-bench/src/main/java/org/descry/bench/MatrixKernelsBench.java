package org.descry.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.descry.data.FloatMatrix;
import org.descry.linalg.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code A·Bᵀ} ({@code n x k} times {@code (m x k)ᵀ}, shape {@code "n x m x k"}) and {@code AᵀA}
 * ({@code n x d}, shape {@code "n x d x d"}), vector against scalar, at 1 and 2 threads. {@code run-kernels.sh}
 * turns the times into GFLOP/s ({@code 2 n m k}; {@code 2 n d d} for the Gram matrix, the count numpy's
 * {@code a.T @ a} is usually quoted with, although both it and Descry compute only one triangle) and compares
 * with numpy on the same shapes and threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
@State(Scope.Benchmark)
public class MatrixKernelsBench {

    @Param({"vector", "scalar"})
    public String impl;

    @Param({"1", "2"})
    public int threads;

    @Param({"2048x2048x2560"})
    public String shape;

    private Kernels kernels;
    private FloatMatrix a;
    private FloatMatrix b;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = BenchData.kernels(impl, threads);
        int[] s = BenchData.shape(shape, 3);
        SplittableRandom rnd = new SplittableRandom(1);
        a = BenchData.matrix(rnd, s[0], s[2]);
        b = BenchData.matrix(rnd, s[1], s[2]);
        out = new float[s[0] * s[1]];
    }

    /** Into a reused output, as a blocked kNN or k-means step uses it. */
    @Benchmark
    public float[] multiplyTransposed() {
        kernels.multiplyTransposed(a, 0, a.rows(), b, 0, b.rows(), out);
        return out;
    }

    /** {@code aᵀa}; only {@code n} and {@code d} of the shape are used ({@code n x d x d}). */
    @Benchmark
    public double[] gram() {
        return kernels.gram(a);
    }
}
