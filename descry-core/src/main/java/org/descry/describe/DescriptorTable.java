package org.descry.describe;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.descry.data.FloatMatrix;

/**
 * One matrix per descriptor, one row per image: what {@link ImageDescriptor}s fill in and what is written to
 * {@code descriptors/<name>.pickle}. {@link #describe} may run concurrently for different rows.
 */
public final class DescriptorTable {

    private final List<ImageDescriptor> descriptors;
    private final FloatMatrix[] matrices;

    public DescriptorTable(List<ImageDescriptor> descriptors, int rows) {
        Objects.requireNonNull(descriptors, "descriptors");
        if (descriptors.isEmpty()) {
            throw new IllegalArgumentException("descriptors must not be empty");
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        this.descriptors = List.copyOf(descriptors);
        if (this.descriptors.stream().map(ImageDescriptor::name).distinct().count() != this.descriptors.size()) {
            throw new IllegalArgumentException("descriptor names must be distinct, got "
                    + this.descriptors.stream().map(ImageDescriptor::name).toList());
        }
        this.matrices = new FloatMatrix[descriptors.size()];
        for (int d = 0; d < matrices.length; d++) {
            matrices[d] = FloatMatrix.zeros(rows, descriptors.get(d).width());
        }
    }

    public int rows() {
        return matrices[0].rows();
    }

    /** Describes {@code img} with every descriptor into row {@code row}. */
    public void describe(int row, BufferedImage img) {
        for (int d = 0; d < matrices.length; d++) {
            ImageDescriptor desc = descriptors.get(d);
            float[] buf = new float[desc.width()];
            desc.describe(img, buf, 0);
            matrices[d].setRow(row, buf, 0);
        }
    }

    /** A table of the rows {@code keep} (ascending) only. */
    public DescriptorTable select(int[] keep) {
        DescriptorTable out = new DescriptorTable(descriptors, keep.length);
        for (int d = 0; d < matrices.length; d++) {
            float[] buf = new float[matrices[d].cols()];
            for (int i = 0; i < keep.length; i++) {
                matrices[d].copyRow(keep[i], buf, 0);
                out.matrices[d].setRow(i, buf, 0);
            }
        }
        return out;
    }

    /** The matrices by descriptor name, in descriptor order. */
    public Map<String, FloatMatrix> sets() {
        Map<String, FloatMatrix> out = new LinkedHashMap<>();
        for (int d = 0; d < matrices.length; d++) {
            out.put(descriptors.get(d).name(), matrices[d]);
        }
        return out;
    }
}
