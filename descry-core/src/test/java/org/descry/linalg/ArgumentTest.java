package org.descry.linalg;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad arguments are refused with messages that name the parameter and the value, for both implementations. */
class ArgumentTest {

    static Stream<Kernels> kernels() {
        return Stream.of(Kernels.best(), Kernels.scalar());
    }

    private static void assertMessage(Throwable t, String... parts) {
        for (String p : parts) {
            assertTrue(t.getMessage().contains(p), () -> "'" + t.getMessage() + "' lacks '" + p + "'");
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void rowOperations(Kernels k) {
        float[] x = new float[10];
        float[] y = new float[8];
        assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> k.dot(x, 0, y, 1, 8)), "y", "offset 1",
                "length 8", "8");
        assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> k.squaredDistance(x, -1, y, 0, 2)), "x",
                "offset -1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> k.axpy(1f, x, 0, y, 0, -3)), "length",
                "-3");
        assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> k.scale(2f, x, 5, 6)), "x", "offset 5");
        assertThrows(NullPointerException.class, () -> k.dot(null, 0, y, 0, 1));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> k.withThreads(0)), "threads", "0");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void matrixOperations(Kernels k) {
        FloatMatrix a = FloatMatrix.zeros(4, 3);
        FloatMatrix b = FloatMatrix.zeros(5, 2);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> k.multiplyTransposed(a, b)), "4 x 3",
                "5 x 2");
        FloatMatrix c = FloatMatrix.zeros(5, 3);
        assertMessage(assertThrows(IndexOutOfBoundsException.class,
                () -> k.multiplyTransposed(a, 2, 5, c, 0, 1, new float[10])), "a", "[2, 5)", "4 x 3");
        assertMessage(assertThrows(IndexOutOfBoundsException.class,
                () -> k.multiplyTransposed(a, 0, 1, c, 3, 2, new float[10])), "b", "[3, 2)");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> k.multiplyTransposed(a, 0, 4, c, 0, 5, new float[19])), "out", "19", "4 x 5", "20");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> k.centeredGram(a, new double[2])), "mean",
                "2", "4 x 3");
        assertThrows(NullPointerException.class, () -> k.gram(null));
    }
}
