package org.descry.demo;

import java.util.Locale;

/**
 * Which end of the vehicle faces the camera: the front (headlights, grille, windscreen) of an approaching
 * vehicle or the rear (tail lights, rear window, number plate) of a departing one.
 */
public enum View {
    FRONT, REAR;

    /** The value in {@code labels.csv}, e.g. {@code "front"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
