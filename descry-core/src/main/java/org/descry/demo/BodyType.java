package org.descry.demo;

import java.util.Locale;

/** The body types the demo draws, each with its own front and rear outline. */
public enum BodyType {
    SEDAN, HATCHBACK, SUV, VAN, PICKUP, BUS, TRUCK;

    /** The value in {@code labels.csv}, e.g. {@code "sedan"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
