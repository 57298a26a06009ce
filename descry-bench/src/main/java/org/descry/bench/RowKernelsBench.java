package org.descry.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Row-level kernels on descriptor-sized vectors (128, 512 and 2560 floats: small, medium and ResNet-style
 * embeddings), vector against scalar. Operands stay in L1, so this measures the kernels, not memory.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class RowKernelsBench {

    @Param({"vector", "scalar"})
    public String impl;

    @Param({"128", "512", "2560"})
    public int length;

    private Kernels kernels;
    private float[] x;
    private float[] y;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = BenchData.kernels(impl, 1);
        SplittableRandom rnd = new SplittableRandom(1);
        x = BenchData.floats(rnd, length);
        y = BenchData.floats(rnd, length);
    }

    /** 2 flops per element. */
    @Benchmark
    public float dot() {
        return kernels.dot(x, 0, y, 0, length);
    }

    /** 3 flops per element. */
    @Benchmark
    public float squaredDistance() {
        return kernels.squaredDistance(x, 0, y, 0, length);
    }

    /** {@link #squaredDistance} summed in the graph walk's order: lanes as a tree, a scalar tail. */
    @Benchmark
    public float squaredDistanceTreeSum() {
        return kernels.squaredDistanceTreeSum(x, 0, y, 0, length);
    }

    /** 2 flops per element; {@code a = 0} keeps {@code y} bounded over billions of calls. */
    @Benchmark
    public float[] axpy() {
        kernels.axpy(0f, x, 0, y, 0, length);
        return y;
    }
}
