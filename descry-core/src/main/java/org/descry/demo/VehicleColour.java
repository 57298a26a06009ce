package org.descry.demo;

import java.util.Locale;

/**
 * The paint colours of the demo: eight that a person names at a glance and that are common on roads.
 * {@link #rgb()} is the nominal paint in full light; drawn vehicles vary around it (paint, lighting, shading).
 */
public enum VehicleColour {
    WHITE(0xECECE8), BLACK(0x1C1C20), GREY(0x6E7176), RED(0xBE181C),
    BLUE(0x1C42AA), GREEN(0x1E8234), YELLOW(0xEEC81E), ORANGE(0xEC6E14);

    private final int rgb;

    VehicleColour(int rgb) {
        this.rgb = rgb;
    }

    /** The nominal colour as {@code 0xRRGGBB}. */
    public int rgb() {
        return rgb;
    }

    /** The value in {@code labels.csv}, e.g. {@code "grey"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
