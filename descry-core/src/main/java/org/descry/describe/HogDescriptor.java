package org.descry.describe;

import java.awt.image.BufferedImage;

/**
 * Histogram of Oriented Gradients: the shape descriptor of N. Dalal and B. Triggs, "Histograms of Oriented
 * Gradients for Human Detection", CVPR 2005. It describes an object by where its edges are and which way they
 * run, and is largely blind to colour and lighting, which is why it recovers a vehicle's body type and view.
 *
 * <p>As in the paper: square-root gamma compression of the grey image; centred {@code [-1, 0, 1]} gradients
 * (one-sided at the border, divided by the step so the direction is not skewed); unsigned orientation
 * (0-180 degrees) in {@code bins} bins; each pixel votes its gradient magnitude into the two nearest bins and
 * the four nearest cells (trilinear interpolation); blocks of 2 x 2 cells with a stride of one cell, each
 * normalised with L2-Hys (L2, clip at 0.2, L2 again). The detection window is the object's box
 * ({@link ObjectWindow}: what differs from the background, widened to the window's aspect ratio and padded by
 * 8%), area-averaged to {@code imageWidth x imageHeight}, so the descriptor sees the object at a normalised
 * position and scale, as a vehicle-type network sees a detector's crop; an image without a clear object is
 * described whole.
 *
 * <p>Layout: blocks in row-major order (block row, block column), within a block the cells (0,0), (0,1),
 * (1,0), (1,1) as (row, column), within a cell the orientation bins from 0 degrees up. Bin {@code b} is
 * centred on {@code (b + 0.5) * 180 / bins} degrees, with angles measured from the +x axis towards +y
 * (image rows grow downwards).
 */
public final class HogDescriptor implements ImageDescriptor {

    private static final float CLIP = 0.2f;
    private static final float EPS = 1e-3f;
    private static final double PAD = 0.08;

    private final int imageWidth;
    private final int imageHeight;
    private final int cell;
    private final int bins;
    private final int cellsX;
    private final int cellsY;

    /** The standard window: 48 x 32 pixels, 8 x 8 cells, 9 bins: 5 x 3 blocks of 36 = 540 values. */
    public HogDescriptor() {
        this(48, 32, 8, 9);
    }

    public HogDescriptor(int imageWidth, int imageHeight, int cell, int bins) {
        if (cell < 2) {
            throw new IllegalArgumentException("cell must be >= 2 pixels, got " + cell);
        }
        if (imageWidth < 2 * cell || imageWidth % cell != 0) {
            throw new IllegalArgumentException("imageWidth must be a multiple of cell (" + cell
                    + ") of at least two cells, got " + imageWidth);
        }
        if (imageHeight < 2 * cell || imageHeight % cell != 0) {
            throw new IllegalArgumentException("imageHeight must be a multiple of cell (" + cell
                    + ") of at least two cells, got " + imageHeight);
        }
        if (bins < 2 || bins > 64) {
            throw new IllegalArgumentException("bins must be in [2, 64], got " + bins);
        }
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
        this.cell = cell;
        this.bins = bins;
        this.cellsX = imageWidth / cell;
        this.cellsY = imageHeight / cell;
    }

    @Override
    public String name() {
        return "hog";
    }

    @Override
    public int width() {
        return (cellsX - 1) * (cellsY - 1) * 4 * bins;
    }

    /** The number of orientation bins of a cell. */
    public int bins() {
        return bins;
    }

    @Override
    public void describe(BufferedImage img, float[] out, int off) {
        int w = imageWidth;
        int h = imageHeight;
        float[] coarse = Pixels.rgbPlanes(img, w, h);
        double gridAspect = (double) w / h * ((double) w / img.getWidth()) / ((double) h / img.getHeight());
        double[] win = ObjectWindow.find(ObjectWindow.foreground(coarse, w, h), w, h, gridAspect, PAD);
        float[] grey = Pixels.luma(Pixels.rgbPlanes(img, w, h, win[0], win[1], win[2], win[3]), w * h);
        for (int i = 0; i < grey.length; i++) {
            grey[i] = (float) Math.sqrt(grey[i]);
        }
        blocks(cellHistograms(grey), out, off);
    }

    /** Per-cell orientation histograms, {@code [cellY][cellX][bin]} flattened, before any normalisation. */
    float[] cellHistograms(float[] grey) {
        int w = imageWidth;
        int h = imageHeight;
        float[] hist = new float[cellsY * cellsX * bins];
        float binWidth = (float) Math.PI / bins;
        for (int y = 0; y < h; y++) {
            int yu = Math.max(0, y - 1);
            int yd = Math.min(h - 1, y + 1);
            float fy = (y + 0.5f) / cell - 0.5f;
            int cy0 = (int) Math.floor(fy);
            float wy1 = fy - cy0;
            for (int x = 0; x < w; x++) {
                int xl = Math.max(0, x - 1);
                int xr = Math.min(w - 1, x + 1);
                float gx = (grey[y * w + xr] - grey[y * w + xl]) / (xr - xl);
                float gy = (grey[yd * w + x] - grey[yu * w + x]) / (yd - yu);
                float mag = (float) Math.sqrt(gx * gx + gy * gy);
                if (mag == 0f) {
                    continue;
                }
                float angle = (float) Math.atan2(gy, gx);
                if (angle < 0f) {
                    angle += (float) Math.PI;
                }
                float fb = angle / binWidth - 0.5f;
                int b0 = (int) Math.floor(fb);
                float wb1 = fb - b0;
                int b1 = b0 + 1;
                b0 = Math.floorMod(b0, bins);
                b1 = Math.floorMod(b1, bins);
                float fx = (x + 0.5f) / cell - 0.5f;
                int cx0 = (int) Math.floor(fx);
                float wx1 = fx - cx0;
                for (int dy = 0; dy < 2; dy++) {
                    int cy = cy0 + dy;
                    if (cy < 0 || cy >= cellsY) {
                        continue;
                    }
                    float wy = dy == 0 ? 1f - wy1 : wy1;
                    for (int dx = 0; dx < 2; dx++) {
                        int cx = cx0 + dx;
                        if (cx < 0 || cx >= cellsX) {
                            continue;
                        }
                        float v = mag * wy * (dx == 0 ? 1f - wx1 : wx1);
                        int base = (cy * cellsX + cx) * bins;
                        hist[base + b0] += v * (1f - wb1);
                        hist[base + b1] += v * wb1;
                    }
                }
            }
        }
        return hist;
    }

    private void blocks(float[] hist, float[] out, int off) {
        int blockLen = 4 * bins;
        int pos = off;
        for (int by = 0; by < cellsY - 1; by++) {
            for (int bx = 0; bx < cellsX - 1; bx++) {
                int start = pos;
                for (int cy = by; cy < by + 2; cy++) {
                    for (int cx = bx; cx < bx + 2; cx++) {
                        System.arraycopy(hist, (cy * cellsX + cx) * bins, out, pos, bins);
                        pos += bins;
                    }
                }
                l2Normalise(out, start, blockLen);
                for (int i = start; i < start + blockLen; i++) {
                    out[i] = Math.min(out[i], CLIP);
                }
                l2Normalise(out, start, blockLen);
            }
        }
    }

    private static void l2Normalise(float[] v, int from, int len) {
        float ss = 0f;
        for (int i = from; i < from + len; i++) {
            ss += v[i] * v[i];
        }
        float inv = 1f / (float) Math.sqrt(ss + EPS * EPS);
        for (int i = from; i < from + len; i++) {
            v[i] *= inv;
        }
    }
}
