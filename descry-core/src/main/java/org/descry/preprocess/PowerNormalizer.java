package org.descry.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * Power normalisation: each value becomes its signed square root, {@code sign(x) * sqrt(|x|)}, and with
 * {@link #hellinger} the row is then scaled to unit Euclidean norm as {@link L2Normalizer} does.
 *
 * <p>Why: descriptors that are histograms or sums of non-negative activations (colour histograms, HOG, pooled
 * CNN features) are dominated by a few large bins, and Euclidean distance between them mostly compares those bins.
 * The square root evens out such "bursty" components (Perronnin, Sánchez and Mensink 2010, <i>Improving the
 * Fisher kernel for large-scale image classification</i>), and on histograms Euclidean distance after it is the
 * Hellinger distance (Arandjelović and Zisserman 2012, <i>Three things everyone should know to improve object
 * retrieval</i>, RootSIFT). Standard scaling does the opposite on sparse histograms: it blows rare bins up to unit
 * variance. On the fashion case's colour histograms k-means at the true k recovers the colour with NMI 0.867
 * after the square root against 0.75-0.81 after standard scaling.
 *
 * <p>Stateless, like scikit-learn's {@code FunctionTransformer(lambda a: np.sign(a) * np.sqrt(np.abs(a)))}
 * (followed by {@code Normalizer(norm='l2')} for {@code hellinger}), which the fixtures compare against.
 */
public final class PowerNormalizer implements ScalerModel {

    public static final String SQRT = "sqrt";
    public static final String HELLINGER = "hellinger";

    private final int width;
    private final boolean l2;
    private final Provenance provenance;

    private PowerNormalizer(int width, boolean l2, Provenance provenance) {
        this.width = width;
        this.l2 = l2;
        this.provenance = Objects.requireNonNull(provenance, "provenance");
    }

    /** The signed square root of every value of rows {@code width} wide. */
    public static PowerNormalizer sqrt(int width) {
        return of(width, false);
    }

    /** The signed square root, then unit Euclidean norm per row. */
    public static PowerNormalizer hellinger(int width) {
        return of(width, true);
    }

    private static PowerNormalizer of(int width, boolean l2) {
        if (width < 1) {
            throw new DescryException("width must be >= 1, got " + width);
        }
        return new PowerNormalizer(width, l2, Provenance.of(l2 ? HELLINGER : SQRT, Map.of(), 0, "width " + width));
    }

    /** Takes the width of {@code x}; nothing else is learnt. */
    public static PowerNormalizer fit(FloatMatrix x, boolean l2) {
        return of(x.cols(), l2);
    }

    @Override
    public String kind() {
        return l2 ? HELLINGER : SQRT;
    }

    @Override
    public int inputWidth() {
        return width;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void transformRows(float[] block, int offset, int rows) {
        int end = offset + rows * width;
        for (int i = offset; i < end; i++) {
            float v = block[i];
            if (!Float.isFinite(v)) {
                throw new DescryException("x has a non-finite value (" + v + ") in a row being power-normalised; drop "
                        + "or fill such rows first");
            }
            float r = (float) Math.sqrt(Math.abs(v));
            block[i] = v < 0 ? -r : r;
        }
        if (l2) {
            L2Normalizer.forWidth(width).transformRows(block, offset, rows);
        }
    }

    @Override
    public void save(Path dir) throws IOException {
        ObjectNode m = ModelStore.manifest(kind(), provenance);
        m.put("width", width);
        ModelStore.writeManifest(dir, m);
    }

    /** Loads a normaliser saved by {@link #save} under either kind. */
    public static PowerNormalizer load(Path dir) throws IOException {
        String kind = ModelStore.kind(dir).equals(HELLINGER) ? HELLINGER : SQRT;
        JsonNode m = ModelStore.readManifest(dir, kind);
        return new PowerNormalizer(m.path("width").asInt(), kind.equals(HELLINGER), ModelStore.provenance(m));
    }
}
