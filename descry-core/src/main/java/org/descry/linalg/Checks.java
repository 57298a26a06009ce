package org.descry.linalg;

import java.util.Objects;
import org.descry.data.FloatMatrix;

/** Argument checks shared by the kernels, with messages that name the parameter and the bad value. */
final class Checks {

    private Checks() {}

    static void range(String name, float[] array, int offset, int length) {
        Objects.requireNonNull(array, name);
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        if (offset < 0 || offset > array.length - length) {
            throw new IndexOutOfBoundsException(name + ": offset " + offset + " + length " + length
                    + " is outside an array of " + array.length);
        }
    }

    static void threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    static void rowRange(String name, FloatMatrix m, int from, int to) {
        Objects.requireNonNull(m, name);
        if (from < 0 || to < from || to > m.rows()) {
            throw new IndexOutOfBoundsException(name + " rows [" + from + ", " + to + ") are outside a "
                    + m.rows() + " x " + m.cols() + " matrix");
        }
    }

    static void sameCols(FloatMatrix a, FloatMatrix b) {
        if (a.cols() != b.cols()) {
            throw new IllegalArgumentException("a is " + a.rows() + " x " + a.cols() + ", b is " + b.rows() + " x "
                    + b.cols() + ": a·bᵀ needs the same number of columns");
        }
    }

    static void sameRows(FloatMatrix a, FloatMatrix b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.rows() != b.rows()) {
            throw new IllegalArgumentException("a is " + a.rows() + " x " + a.cols() + ", b is " + b.rows() + " x "
                    + b.cols() + ": aᵀ·b needs the same number of rows");
        }
    }

    /** Checks that {@code out} holds an {@code n x m} result; returns {@code n * m}. */
    static int product(float[] out, int n, int m) {
        Objects.requireNonNull(out, "out");
        long need = (long) n * m;
        if (out.length < need) {
            throw new IllegalArgumentException("out has " + out.length + " values, a " + n + " x " + m
                    + " result needs " + need);
        }
        return (int) need;
    }

    /** Checks that a {@code d x d} double result fits one array; returns {@code d * d}. */
    static int gram(FloatMatrix a) {
        Objects.requireNonNull(a, "a");
        long need = (long) a.cols() * a.cols();
        if (need > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a is " + a.rows() + " x " + a.cols() + ": a " + a.cols() + " x "
                    + a.cols() + " Gram matrix does not fit one double[]");
        }
        return (int) need;
    }

    /** Checks that {@code out} holds a {@code n x m} double result. */
    static void product(double[] out, int n, int m) {
        Objects.requireNonNull(out, "out");
        long need = (long) n * m;
        if (out.length < need) {
            throw new IllegalArgumentException("out has " + out.length + " values, a " + n + " x " + m
                    + " result needs " + need);
        }
    }

    static void mean(FloatMatrix a, double[] mean) {
        Objects.requireNonNull(mean, "mean");
        if (mean.length != a.cols()) {
            throw new IllegalArgumentException("mean has " + mean.length + " values, a is " + a.rows() + " x "
                    + a.cols());
        }
    }
}
