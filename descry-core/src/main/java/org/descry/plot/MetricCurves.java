package org.descry.plot;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How the internal cluster scores change with k: Calinski-Harabasz, Davies-Bouldin and silhouette in three panels
 * side by side (each says which way is better), the chosen k marked by a dashed line in each. Reading one number
 * hides whether the choice is a clear peak or a plateau; the curves show it.
 *
 * @param title  the title; may be empty
 * @param width  picture width in pixels
 * @param height picture height in pixels
 */
public record MetricCurves(String title, int width, int height) {

    public MetricCurves {
        Objects.requireNonNull(title, "title");
        Figure.checkSize("width", width, 600);
        Figure.checkSize("height", height, 250);
    }

    /** 1500 x 480. */
    public static MetricCurves titled(String title) {
        return new MetricCurves(title, 1500, 480);
    }

    /**
     * The three curves over {@code ks} (increasing, at least 1 each); a score may be NaN where it was not computed.
     * {@code chosenK} is marked when it is one of {@code ks}, and must be 0 (none) otherwise.
     */
    public BufferedImage render(int[] ks, double[] calinskiHarabasz, double[] daviesBouldin, double[] silhouette,
            int chosenK) {
        Objects.requireNonNull(ks, "ks");
        if (ks.length == 0) {
            throw new IllegalArgumentException("ks must not be empty");
        }
        for (int i = 0; i < ks.length; i++) {
            if (ks[i] < 1 || (i > 0 && ks[i] <= ks[i - 1])) {
                throw new IllegalArgumentException("ks must be increasing and at least 1, got k=" + ks[i] + " at " + i);
            }
        }
        double[][] series = {calinskiHarabasz, daviesBouldin, silhouette};
        String[] names = {"calinskiHarabasz", "daviesBouldin", "silhouette"};
        for (int s = 0; s < 3; s++) {
            Objects.requireNonNull(series[s], names[s]);
            if (series[s].length != ks.length) {
                throw new IllegalArgumentException(names[s] + " has " + series[s].length + " values, ks has "
                        + ks.length);
            }
        }
        if (chosenK != 0 && java.util.Arrays.binarySearch(ks, chosenK) < 0) {
            throw new IllegalArgumentException("chosenK " + chosenK + " is not one of ks (or 0 for none)");
        }
        double[] xs = new double[ks.length];
        for (int i = 0; i < ks.length; i++) {
            xs[i] = ks[i];
        }
        String[] subtitles = {"Calinski-Harabasz (higher is better)", "Davies-Bouldin (lower is better)",
            "silhouette (higher is better)"};
        int[] colours = {Palette.categorical(0), Palette.categorical(1), Palette.categorical(2)};
        BufferedImage img = Figure.canvas(width, height);
        Graphics2D g = Figure.graphics(img);
        try {
            Figure.title(g, title, width);
            int panel = width / 3;
            for (int s = 0; s < 3; s++) {
                Rectangle area = new Rectangle(s * panel + 80, Figure.TITLE_BAND + 32, panel - 110,
                        height - Figure.TITLE_BAND - 32 - 55);
                Axes axes = LinePanel.draw(g, area, subtitles[s], xs, series[s], "k (clusters)", null, colours[s], true,
                        Double.NaN, Double.NaN);
                if (chosenK != 0) {
                    LinePanel.markX(g, axes, chosenK, "k = " + chosenK);
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    public void writePng(Path png, int[] ks, double[] calinskiHarabasz, double[] daviesBouldin, double[] silhouette,
            int chosenK) throws IOException {
        Png.write(render(ks, calinskiHarabasz, daviesBouldin, silhouette, chosenK), png);
    }
}
