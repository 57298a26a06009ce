package org.descry.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.DType;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.io.SharedData;
import org.descry.preprocess.ColumnScaling;
import org.descry.preprocess.Pca;
import org.descry.preprocess.StandardScaler;

/** The scikit-learn DBSCAN / OPTICS references under {@code src/test/resources/sklearn/density}. */
final class DensityFixtures {

    private DensityFixtures() {}

    static Path dir() {
        try {
            return Path.of(DensityFixtures.class.getResource("/sklearn/density/fixtures.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json() {
        try (InputStream in = DensityFixtures.class.getResourceAsStream("/sklearn/density/fixtures.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode caseOf(String name) {
        return json().get("cases").get(name);
    }

    static FloatMatrix matrix(String file) {
        return NumpyReader.read(dir().resolve(file + ".npy")).toFloatMatrix().copy();
    }

    /** A 1-D or C-order 2-D int32 array, flattened (read from the raw bytes: NumpyArray.get is 2-D only). */
    static int[] ints(String file) {
        NumpyArray a = NumpyReader.read(dir().resolve(file + ".npy"));
        if (a.dtype() != DType.INT32 || a.fortranOrder()) {
            throw new IllegalStateException(file + ": expected C-order int32, got " + a.dtype());
        }
        int[] out = new int[(int) a.size()];
        MemorySegment raw = a.rawBytes();
        for (int i = 0; i < out.length; i++) {
            out[i] = raw.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(a.byteOrder()), 4L * i);
        }
        return out;
    }

    /** A 1-D float64 array. */
    static double[] doubles(String file) {
        NumpyArray a = NumpyReader.read(dir().resolve(file + ".npy"));
        if (a.dtype() != DType.FLOAT64) {
            throw new IllegalStateException(file + ": expected float64, got " + a.dtype());
        }
        double[] out = new double[(int) a.size()];
        MemorySegment raw = a.rawBytes();
        for (int i = 0; i < out.length; i++) {
            out[i] = raw.get(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(a.byteOrder()), 8L * i);
        }
        return out;
    }

    /** The input of a case: its committed rows, or the fashion rows rebuilt with Descry's scaler and PCA. */
    static FloatMatrix input(String name) {
        if (!name.equals("fashion")) {
            return matrix(name + "_x");
        }
        FloatMatrix hog = NumpyReader.readMatrix(SharedData.fashionCase().resolve("descriptors").resolve("hog.pickle"));
        int[] rows = ints("fashion_rows");
        FloatMatrix sub = FloatMatrix.zeros(rows.length, hog.cols());
        float[] row = new float[hog.cols()];
        for (int i = 0; i < rows.length; i++) {
            hog.copyRow(rows[i], row, 0);
            sub.setRow(i, row, 0);
        }
        ColumnScaling s = new StandardScaler().fit(sub);
        return Pca.varianceFraction(0.9).fitTransform(sub, s, Progress.NONE).projected();
    }
}
