package org.descry.demo;

import java.util.Locale;

/**
 * The kinds of bad image a road camera produces, which the demo mixes in (about 3%) so that outlier detection
 * has something to find. Their rows in {@code labels.csv} have no type, colour or view.
 */
public enum OutlierKind {
    /** The vehicle is unrecognisable: heavy defocus or motion blur. */
    BLUR,
    /** Under-exposed: a night or failed-flash frame, nearly black. */
    DARK,
    /** The camera fired on an empty road. */
    EMPTY,
    /** Something that is not a vehicle: a pedestrian, a deer, traffic cones. */
    FOREIGN,
    /** A bright glare blob (sun or headlights in the lens) over the scene. */
    GLARE,
    /** A damaged file: tiles of the image shuffled, sometimes a grey band where data is missing. */
    SCRAMBLED;

    /** The value in the {@code outlier} column of {@code labels.csv}, e.g. {@code "glare"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
