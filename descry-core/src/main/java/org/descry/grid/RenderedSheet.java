package org.descry.grid;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.descry.plot.Png;

/**
 * A rendered contact sheet and what went wrong while reading its images.
 *
 * @param image    the sheet
 * @param warnings one line per image that could not be read (shown as a marked empty tile)
 */
public record RenderedSheet(BufferedImage image, List<String> warnings) {

    public RenderedSheet {
        Objects.requireNonNull(image, "image");
        warnings = List.copyOf(warnings);
    }

    public void writePng(Path png) throws IOException {
        Png.write(image, png);
    }
}
