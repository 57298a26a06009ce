package org.descry.describe;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image bytes in memory. The format comes from the bytes, not the file name, and no
 * {@link ImageIO} cache file or global setting is involved, so many threads can decode at once.
 */
public final class Images {

    private Images() {}

    /**
     * The decoded image (any format ImageIO reads: JPEG, PNG, GIF, BMP).
     *
     * @throws IOException with a short reason when the bytes are no readable image
     */
    public static BufferedImage decode(byte[] bytes) throws IOException {
        return decode(bytes, Integer.MAX_VALUE);
    }

    /**
     * The decoded image, subsampled by the smallest whole factor that brings its longer side to at most
     * {@code 2 * maxSide}: the descriptors look at grids of at most 48 pixels, and a 12-megapixel photo decoded
     * in full would cost hundreds of megabytes per thread.
     */
    public static BufferedImage decode(byte[] bytes, int maxSide) throws IOException {
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide must be >= 1, got " + maxSide);
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not an image format Java reads");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int longer = Math.max(reader.getWidth(0), reader.getHeight(0));
                ImageReadParam param = reader.getDefaultReadParam();
                int step = (int) Math.max(1, longer / (2L * maxSide));
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage img = reader.read(0, param);
                if (img.getWidth() < 1 || img.getHeight() < 1) {
                    throw new IOException("empty image");
                }
                return img;
            } catch (RuntimeException e) {
                throw new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
    }
}
