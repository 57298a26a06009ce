package org.descry.describe;

import java.awt.image.BufferedImage;

/**
 * The image itself, area-averaged to a small grey thumbnail ({@code side x side}, values in [0, 1], row-major).
 *
 * <p>The wide, generic descriptor of the set (the stand-in for a large CNN embedding such as EfficientNet-B7):
 * it keeps everything about the image's layout and nothing invariant, so distances in it mostly follow position,
 * scale and lighting. Clustering it shows what a descriptor that does not know the task finds.
 */
public final class PixelsDescriptor implements ImageDescriptor {

    private final int side;

    /** The standard 32 x 32 = 1024 values. */
    public PixelsDescriptor() {
        this(32);
    }

    public PixelsDescriptor(int side) {
        if (side < 1 || side > 512) {
            throw new IllegalArgumentException("side must be in [1, 512], got " + side);
        }
        this.side = side;
    }

    @Override
    public String name() {
        return "pixels";
    }

    @Override
    public int width() {
        return side * side;
    }

    @Override
    public void describe(BufferedImage img, float[] out, int off) {
        float[] grey = Pixels.luma(Pixels.rgbPlanes(img, side, side), side * side);
        System.arraycopy(grey, 0, out, off, grey.length);
    }
}
