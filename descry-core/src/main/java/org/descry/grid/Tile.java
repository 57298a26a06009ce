package org.descry.grid;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One cell of a contact sheet.
 *
 * @param image   the picture, or {@code null} when it could not be read (drawn as a marked empty tile)
 * @param caption the text under it; may be empty
 * @param frame   a frame colour {@code 0xRRGGBB} drawn around it (a flagged outlier), or -1 for none
 */
public record Tile(BufferedImage image, String caption, int frame) {

    public Tile {
        Objects.requireNonNull(caption, "caption");
        if (frame < -1 || frame > 0xFFFFFF) {
            throw new IllegalArgumentException("frame must be an RGB colour or -1, got " + frame);
        }
    }

    public static Tile of(BufferedImage image, String caption) {
        return new Tile(image, caption, -1);
    }
}
