package org.descry.plot;

/**
 * Colours of the plots, as {@code 0xRRGGBB}. Clusters are coloured by their label value, not their rank, so
 * cluster 3 has the same colour on the map, the grid index and the heatmap. The 30 categorical colours are the
 * Tableau 10 and 20 sets with their greys left out plus darker and brighter kin, in an order where neighbours
 * differ in hue; labels past 30 repeat them (the maps also print each cluster's id at its centre). Grey is kept
 * for noise ({@code -1}).
 */
public final class Palette {

    /** Noise: label -1 (any negative label). */
    public static final int NOISE = 0xB0B0B0;

    private static final int[] CATEGORICAL = {
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0xBCBD22, 0x17BECF, 0x393B79,
        0xAEC7E8, 0xFFBB78, 0x98DF8A, 0xFF9896, 0xC5B0D5, 0xC49C94, 0xF7B6D2, 0xDBDB8D, 0x9EDAE5, 0x637939,
        0x8C6D31, 0x843C39, 0x7B4173, 0x3182BD, 0xE6550D, 0x31A354, 0x756BB1, 0xFD8D3C, 0x6BAED6, 0xB5CF6B,
    };

    /** Viridis at ten stops: dark to light, readable in grey and by the colour-blind. */
    private static final int[] SEQUENTIAL = {
        0x440154, 0x482878, 0x3E4989, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6ECE58, 0xB5DE2B, 0xFDE725,
    };

    private Palette() {}

    /** How many distinct cluster colours there are before they repeat. */
    public static int size() {
        return CATEGORICAL.length;
    }

    /** The colour of cluster {@code label}; grey for noise. */
    public static int categorical(int label) {
        return label < 0 ? NOISE : CATEGORICAL[label % CATEGORICAL.length];
    }

    /** The sequential colour at {@code t} in [0, 1] (clamped), interpolated between the stops. */
    public static int sequential(double t) {
        double c = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)) * (SEQUENTIAL.length - 1);
        int i = Math.min(SEQUENTIAL.length - 2, (int) c);
        return mix(SEQUENTIAL[i], SEQUENTIAL[i + 1], c - i);
    }

    /** {@code a} moved towards {@code b} by {@code f} in [0, 1]. */
    static int mix(int a, int b, double f) {
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return (r << 16) | (g << 8) | bl;
    }

    /** Perceived lightness in [0, 1], to choose black or white text over a colour. */
    static double luminance(int rgb) {
        return (0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255)) / 255;
    }
}
