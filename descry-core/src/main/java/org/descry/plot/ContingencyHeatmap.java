package org.descry.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.descry.metrics.ContingencyMatrix;

/**
 * Two labellings of the same rows against each other (truth and clusters, or two clusterings) as a heatmap of
 * counts. Each column is placed under the row that holds most of it (rows taken largest first), then each row
 * beside the column that holds most of it, so a good match reads as a diagonal, a class split over clusters as a
 * row of several bright cells and classes merged in one cluster as a bright column run. Colour grows with the square root of the count
 * (a colourbar gives the counts) so small off-diagonal cells still show; counts are written in cells large enough.
 *
 * @param title    the title; may be empty
 * @param rowTitle what the rows are (for example "type")
 * @param colTitle what the columns are (for example "cluster")
 */
public record ContingencyHeatmap(String title, String rowTitle, String colTitle) {

    public ContingencyHeatmap {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(rowTitle, "rowTitle");
        Objects.requireNonNull(colTitle, "colTitle");
    }

    /**
     * The heatmap of {@code m}; {@code rowNames} and {@code colNames} name its classes and clusters in their order
     * in {@code m}, or are {@code null} for the label values.
     */
    public BufferedImage render(ContingencyMatrix m, List<String> rowNames, List<String> colNames) {
        Objects.requireNonNull(m, "m");
        int rows = m.rows();
        int cols = m.cols();
        if (rows == 0 || cols == 0) {
            throw new IllegalArgumentException("the contingency matrix is empty");
        }
        if (rows > 500 || cols > 500) {
            throw new IllegalArgumentException("a heatmap shows at most 500 x 500 cells, got " + rows + " x " + cols);
        }
        List<String> rn = names(rowNames, m.classes(), "rowNames");
        List<String> cn = names(colNames, m.clusters(), "colNames");
        int[] colOrder = colOrder(m, rowOrder(m));
        int[] rowOrder = rowsAlong(m, colOrder);
        long max = 1;
        for (long c : m.counts()) {
            max = Math.max(max, c);
        }
        int cell = Math.max(8, Math.min(56, Math.min(1000 / cols, 760 / rows)));
        int left = 150;
        int top = Figure.TITLE_BAND + 40;
        int width = Math.max(560, left + cols * cell + 140);
        int height = top + rows * cell + (cell >= 22 ? 60 : 80);
        BufferedImage img = Figure.canvas(width, height);
        Graphics2D g = Figure.graphics(img);
        try {
            Figure.title(g, title, width);
            g.setFont(Figure.font(12, false));
            Figure.text(g, String.format(Locale.ROOT, "%,d rows; %s (rows) against %s (columns)", m.n(), rowTitle,
                    colTitle), width / 2.0, Figure.TITLE_BAND + 14, 0.5);
            Figure.text(g, "sorted so that each row and column sits by its largest cell", width / 2.0, Figure.TITLE_BAND + 30, 0.5);
            g.setFont(Figure.font(Math.max(9, Math.min(12, cell - 6)), false));
            boolean annotate = cell >= 26;
            for (int i = 0; i < rows; i++) {
                int y = top + i * cell;
                for (int j = 0; j < cols; j++) {
                    long c = m.count(rowOrder[i], colOrder[j]);
                    int x = left + j * cell;
                    int rgb = c == 0 ? 0xFFFFFF : Palette.sequential(Math.sqrt((double) c / max));
                    g.setColor(Figure.color(rgb));
                    g.fillRect(x, y, cell, cell);
                    if (annotate && c > 0) {
                        g.setColor(Palette.luminance(rgb) > 0.5 ? Color.BLACK : Color.WHITE);
                        Figure.text(g, compact(c), x + cell / 2.0, y + cell / 2.0 + 4, 0.5);
                    }
                }
                g.setColor(Figure.TEXT);
                Figure.text(g, Figure.fit(g, rn.get(rowOrder[i]), left - 14), left - 6, y + cell / 2.0 + 4, 1);
            }
            g.setColor(new Color(0xCCCCCC));
            g.drawRect(left, top, cols * cell, rows * cell);
            g.setColor(Figure.TEXT);
            int below = top + rows * cell;
            for (int j = 0; j < cols; j++) {
                String name = cn.get(colOrder[j]);
                double cx = left + j * cell + cell / 2.0;
                if (cell >= 22 && g.getFontMetrics().stringWidth(name) <= cell + 4) {
                    Figure.text(g, name, cx, below + 15, 0.5);
                } else {
                    java.awt.geom.AffineTransform before = g.getTransform();
                    g.rotate(-Math.PI / 2, cx + 4, below + 6);
                    Figure.text(g, Figure.fit(g, name, 60), cx + 4, below + 6, 1);
                    g.setTransform(before);
                }
            }
            g.setFont(Figure.font(12, true));
            Figure.text(g, colTitle, left + cols * cell / 2.0, height - 10, 0.5);
            Figure.verticalText(g, rowTitle, 14, top + rows * cell / 2.0);
            colourbar(g, left + cols * cell + 30, top, Math.max(120, Math.min(rows * cell, 400)), max);
        } finally {
            g.dispose();
        }
        return img;
    }

    public void writePng(Path png, ContingencyMatrix m, List<String> rowNames, List<String> colNames)
            throws IOException {
        Png.write(render(m, rowNames, colNames), png);
    }

    private static List<String> names(List<String> given, int[] values, String what) {
        if (given == null) {
            return java.util.Arrays.stream(values).mapToObj(Integer::toString).toList();
        }
        if (given.size() != values.length) {
            throw new IllegalArgumentException(what + " has " + given.size() + " names, the matrix " + values.length);
        }
        return given;
    }

    /** Rows by total, largest first (ties by index). */
    static int[] rowOrder(ContingencyMatrix m) {
        long[] sums = m.rowSums();
        return java.util.stream.IntStream.range(0, m.rows()).boxed()
                .sorted((a, b) -> sums[a] != sums[b] ? Long.compare(sums[b], sums[a]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Columns under the row (in row order) where they have most, then by that count, largest first. */
    static int[] colOrder(ContingencyMatrix m, int[] rowOrder) {
        int cols = m.cols();
        int[] home = new int[cols];
        long[] best = new long[cols];
        for (int j = 0; j < cols; j++) {
            best[j] = -1;
            for (int i = 0; i < rowOrder.length; i++) {
                long c = m.count(rowOrder[i], j);
                if (c > best[j]) {
                    best[j] = c;
                    home[j] = i;
                }
            }
        }
        return java.util.stream.IntStream.range(0, cols).boxed()
                .sorted((a, b) -> home[a] != home[b] ? Integer.compare(home[a], home[b])
                        : best[a] != best[b] ? Long.compare(best[b], best[a]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Rows by the position of their largest column in {@code colOrder}, then by that count, largest first. */
    static int[] rowsAlong(ContingencyMatrix m, int[] colOrder) {
        int rows = m.rows();
        int[] pos = new int[rows];
        long[] best = new long[rows];
        for (int i = 0; i < rows; i++) {
            best[i] = -1;
            for (int p = 0; p < colOrder.length; p++) {
                long c = m.count(i, colOrder[p]);
                if (c > best[i]) {
                    best[i] = c;
                    pos[i] = p;
                }
            }
        }
        return java.util.stream.IntStream.range(0, rows).boxed()
                .sorted((a, b) -> pos[a] != pos[b] ? Integer.compare(pos[a], pos[b])
                        : best[a] != best[b] ? Long.compare(best[b], best[a]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
    }

    /** 7, 512, 1.2k, 45k, 1.3M. */
    static String compact(long c) {
        if (c < 1000) {
            return Long.toString(c);
        }
        if (c < 10_000) {
            return String.format(Locale.ROOT, "%.1fk", c / 1e3);
        }
        if (c < 1_000_000) {
            return String.format(Locale.ROOT, "%.0fk", c / 1e3);
        }
        return String.format(Locale.ROOT, "%.1fM", c / 1e6);
    }

    private static void colourbar(Graphics2D g, int x, int y, int h, long max) {
        for (int i = 0; i < h; i++) {
            double t = 1 - (double) i / (h - 1);
            g.setColor(Figure.color(Palette.sequential(t)));
            g.fillRect(x, y + i, 16, 1);
        }
        g.setColor(new Color(0x555555));
        g.drawRect(x, y, 16, h);
        g.setFont(Figure.font(11, false));
        NiceScale s = NiceScale.of(0, max, 5);
        for (double v : s.ticks()) {
            if (v > max) {
                continue;
            }
            int ty = (int) Math.round(y + (1 - Math.sqrt(v / max)) * (h - 1));
            g.setColor(new Color(0x555555));
            g.drawLine(x + 16, ty, x + 20, ty);
            g.setColor(Figure.TEXT);
            Figure.text(g, s.label(v), x + 23, ty + 4, 0);
        }
        g.setFont(Figure.font(11, true));
        Figure.text(g, "count", x, y - 8, 0);
    }
}
