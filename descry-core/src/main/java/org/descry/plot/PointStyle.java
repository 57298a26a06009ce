package org.descry.plot;

/**
 * How large and how opaque the points of a scatter plot are. Few points are drawn as large solid discs; as the
 * count grows the discs shrink to single pixels and turn translucent, so 416,000 points still show where they are
 * dense instead of a solid blot, and small clusters are not buried.
 *
 * @param radius disc radius in pixels, 0 for one pixel
 * @param alpha  opacity in [1, 256] (256 is opaque)
 */
public record PointStyle(int radius, int alpha) {

    public PointStyle {
        if (radius < 0 || radius > 20) {
            throw new IllegalArgumentException("radius must be in [0, 20], got " + radius);
        }
        if (alpha < 1 || alpha > 256) {
            throw new IllegalArgumentException("alpha must be in [1, 256], got " + alpha);
        }
    }

    /**
     * The style for {@code n} points in an area of {@code areaPixels}: the radius from the points per pixel, the
     * opacity such that the discs, if spread evenly, would stack to about 0.6 of full colour (kept in [0.15, 0.9]).
     */
    public static PointStyle forCount(long n, long areaPixels) {
        double density = (double) Math.max(1, n) / Math.max(1, areaPixels);
        int r = density <= 0.003 ? 3 : density <= 0.015 ? 2 : density <= 0.1 ? 1 : 0;
        double cover = density * PointRaster.discPixels(r);
        double a = Math.max(0.15, Math.min(0.9, 0.6 / cover));
        return new PointStyle(r, (int) Math.round(a * 256));
    }
}
