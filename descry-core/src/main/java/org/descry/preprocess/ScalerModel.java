package org.descry.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.RowSubset;
import org.descry.model.ModelStore;
import org.descry.model.Transformer;

/**
 * A fitted scaler: a {@link Transformer} that keeps the width and can also scale rows in place, so a pipeline
 * can scale each block of rows as it streams them instead of materialising a scaled copy of a 4 GB set.
 */
public interface ScalerModel extends Transformer {

    /** The scaler's name as {@link Scaler#fromName} takes it. */
    String kind();

    @Override
    default int outputWidth() {
        return inputWidth();
    }

    /** Scales {@code rows} rows stored row-major in {@code block[offset ..]} in place. */
    void transformRows(float[] block, int offset, int rows);

    /** Scales {@code rows} rows stored row-major in {@code block[0 ..]} in place. */
    default void transformRows(float[] block, int rows) {
        transformRows(block, 0, rows);
    }

    /** Writes the scaled rows of {@code src} into {@code dst} (same shape; may be the same matrix). */
    default void transformInto(FloatMatrix src, FloatMatrix dst) {
        int d = inputWidth();
        if (src.cols() != d) {
            throw new DescryException("x has " + src.cols() + " columns, the " + kind() + " scaler was fitted on " + d);
        }
        if (dst.rows() != src.rows() || dst.cols() != d) {
            throw new IllegalArgumentException("dst must be " + src.rows() + " x " + d + ", got " + dst.rows() + " x "
                    + dst.cols());
        }
        float[] direct = src == dst ? dst.heapArray() : null;
        if (direct != null) {
            Blocks.parallel(src.rows(), d, (from, to, buf) -> transformRows(direct, from * d, to - from));
            return;
        }
        Blocks.parallel(src.rows(), d, (from, to, buf) -> {
            src.copyRows(from, to, buf, 0);
            transformRows(buf, to - from);
            java.lang.foreign.MemorySegment.copy(buf, 0, dst.segment(), FloatMatrix.LAYOUT, 4L * from * d,
                    (to - from) * d);
        });
    }

    @Override
    default FloatMatrix transform(FloatMatrix x) {
        if (x.cols() != inputWidth()) {
            throw new DescryException("x has " + x.cols() + " columns, the " + kind() + " scaler was fitted on "
                    + inputWidth());
        }
        FloatMatrix out = FloatMatrix.zeros(x.rows(), x.cols());
        transformInto(x, out);
        return out;
    }

    /**
     * The scaled rows of a subset of a matrix, read in place: the one copy a non-affine scaler needs, instead of a
     * copy of the rows and then a scaled copy of that.
     */
    default FloatMatrix transform(RowSubset x) {
        if (x.isAll()) {
            return transform(x.matrix());
        }
        int d = inputWidth();
        if (x.cols() != d) {
            throw new DescryException("x has " + x.cols() + " columns, the " + kind() + " scaler was fitted on " + d);
        }
        FloatMatrix out = FloatMatrix.zeros(x.rows(), d);
        Blocks.parallel(x.rows(), d, (from, to, buf) -> {
            x.copyRows(from, to, buf, 0);
            transformRows(buf, to - from);
            java.lang.foreign.MemorySegment.copy(buf, 0, out.segment(), FloatMatrix.LAYOUT, 4L * from * d,
                    (to - from) * d);
        });
        return out;
    }

    /** Saves the model as a folder (see {@link ModelStore}). */
    void save(Path dir) throws IOException;

    /** Loads any scaler saved by {@link #save}. */
    static ScalerModel load(Path dir) throws IOException {
        Path f = dir.resolve(ModelStore.MANIFEST);
        if (!Files.isRegularFile(f)) {
            throw new DescryException(dir + ": not a saved model (no " + ModelStore.MANIFEST + ")");
        }
        JsonNode m;
        try {
            m = ModelStore.json().readTree(f.toFile());
        } catch (IOException e) {
            throw new DescryException(f + ": not valid JSON");
        }
        String kind = m.path("kind").asText();
        if (kind.equals(L2Normalizer.KIND)) {
            return L2Normalizer.load(dir);
        }
        if (kind.equals(PowerNormalizer.SQRT) || kind.equals(PowerNormalizer.HELLINGER)) {
            return PowerNormalizer.load(dir);
        }
        return ColumnScaling.load(dir);
    }
}
