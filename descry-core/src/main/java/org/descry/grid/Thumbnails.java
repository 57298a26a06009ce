package org.descry.grid;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.Workers;
import org.descry.io.ImageArchive;

/**
 * Reads images from a case's zips as thumbnails, on all cores. An image that is not in the zip or cannot be
 * decoded becomes a {@code null} and a warning naming it: one bad file must not cost a person the whole sheet.
 */
public final class Thumbnails {

    /**
     * @param images   one per path, {@code null} where it could not be read
     * @param warnings one line per image that could not be read, in path order
     */
    public record Loaded(List<BufferedImage> images, List<String> warnings) {}

    private Thumbnails() {}

    /**
     * The images of {@code paths}, those larger than {@code maxWidth x maxHeight} shrunk to fit (aspect kept);
     * smaller ones are kept as they are, for the sheet to enlarge sharply.
     */
    public static Loaded load(ImageArchive archive, List<String> paths, int maxWidth, int maxHeight) {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(paths, "paths");
        BufferedImage[] images = new BufferedImage[paths.size()];
        String[] problems = new String[paths.size()];
        Workers.forEach(Workers.defaultThreads(), paths.size(), i -> {
            String p = paths.get(i);
            try {
                if (!archive.contains(p)) {
                    problems[i] = p + ": not in " + archive.files().getFirst().getFileName()
                            + (archive.files().size() > 1 ? " or the other zips" : "");
                    return;
                }
                BufferedImage img = archive.read(p);
                images[i] = img.getWidth() > maxWidth || img.getHeight() > maxHeight
                        ? ImageArchive.fit(img, maxWidth, maxHeight) : img;
            } catch (DescryException e) {
                problems[i] = e.getMessage();
            } catch (IOException | RuntimeException e) {
                problems[i] = p + ": cannot be read: " + (e.getMessage() == null ? e.toString() : e.getMessage());
            }
        });
        List<String> warnings = new ArrayList<>();
        for (String w : problems) {
            if (w != null) {
                warnings.add(w);
            }
        }
        return new Loaded(Arrays.asList(images), List.copyOf(warnings));
    }
}
