package org.descry.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.descry.io.AtomicWrite;

/** Writes a picture as PNG atomically, so a viewer never opens half a file. */
public final class Png {

    private Png() {}

    public static void write(BufferedImage image, Path png) throws IOException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(png, "png");
        AtomicWrite.write(png, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }
}
