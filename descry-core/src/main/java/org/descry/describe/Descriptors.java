package org.descry.describe;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.descry.data.DescryException;

/**
 * The standard descriptor sets, by name: {@code pixels} (generic and wide, like EfficientNet-B7), {@code hog}
 * (shape, like vdc_type), {@code color} (object colour, like vdc_color) and {@code randconv} (generic random
 * convolutions, like OSNet). They mirror the four sets of the reference case, so a user with images but no CNN
 * can still run every step of Descry.
 */
public final class Descriptors {

    /** The standard names, in the order {@link #standard()} returns them. */
    public static final List<String> NAMES = List.of("pixels", "hog", "color", "randconv");

    private Descriptors() {}

    /** All four standard descriptors, in the order of {@link #NAMES}. */
    public static List<ImageDescriptor> standard() {
        return byNames(NAMES);
    }

    /**
     * The standard descriptors named, in the order given.
     *
     * @throws DescryException naming an unknown or repeated name and the known ones
     */
    public static List<ImageDescriptor> byNames(List<String> names) {
        Objects.requireNonNull(names, "names");
        if (names.isEmpty()) {
            throw new DescryException("no descriptor named; known: " + String.join(", ", NAMES));
        }
        List<ImageDescriptor> out = new ArrayList<>(names.size());
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new DescryException("descriptor '" + name + "' named twice");
            }
            out.add(switch (name) {
                case "pixels" -> new PixelsDescriptor();
                case "hog" -> new HogDescriptor();
                case "color" -> new ColorDescriptor();
                case "randconv" -> new RandConvDescriptor();
                default -> throw new DescryException("unknown descriptor '" + name + "'; known: "
                        + String.join(", ", NAMES));
            });
        }
        return List.copyOf(out);
    }
}
