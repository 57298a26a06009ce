package org.descry.describe;

import java.awt.image.BufferedImage;

/**
 * Turns an image into a fixed-length float vector, a stand-in for the CNN embeddings a user would otherwise
 * bring (see {@link Descriptors} for the standard set).
 *
 * <p>Implementations are immutable and thread-safe: {@link #describe} is called concurrently on many images.
 */
public interface ImageDescriptor {

    /** The file stem of the descriptor set, e.g. {@code "hog"} for {@code descriptors/hog.pickle}. */
    String name();

    /** The number of floats {@link #describe} writes. */
    int width();

    /**
     * Writes {@link #width()} floats describing {@code img} into {@code out[off .. off + width())}. Any size and
     * colour model is accepted; every value is finite.
     */
    void describe(BufferedImage img, float[] out, int off);
}
