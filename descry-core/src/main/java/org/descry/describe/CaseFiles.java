package org.descry.describe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.descry.data.FloatMatrix;
import org.descry.io.AtomicWrite;
import org.descry.io.NumpyWriter;

/**
 * The file layout of a case folder, as the reference case has it:
 * <pre>
 * descriptors/&lt;name&gt;.pickle   one float32 numpy array per descriptor set, one row per image
 * images_paths.csv            one column "paths", rows like demo\1\00001\000001.jpg, same row order
 * labels.csv                  optional ground truth: paths,item,type,colour,view,outlier
 * row_data/&lt;name&gt;.zip         the images, at the paths above with '/' separators
 * </pre>
 * The paths use Windows separators because the real archive was catalogued on Windows. Text files are UTF-8
 * with {@code \n} line ends; fields are quoted (RFC 4180) only when they hold a comma, quote or line break.
 */
public final class CaseFiles {

    public static final String DESCRIPTORS = "descriptors";
    public static final String IMAGES_PATHS = "images_paths.csv";
    public static final String LABELS = "labels.csv";
    public static final String ROW_DATA = "row_data";

    private CaseFiles() {}

    /** The {@code images_paths.csv} form of a zip entry name: {@code '/'} becomes {@code '\'}. */
    public static String csvPath(String zipEntryName) {
        return zipEntryName.replace('/', '\\');
    }

    /** A CSV field, quoted only when needed. */
    public static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** Writes {@code images_paths.csv} for zip entries given with {@code '/'} separators. */
    public static void writeImagesPaths(Path caseDir, List<String> zipEntryNames) throws IOException {
        Objects.requireNonNull(zipEntryNames, "zipEntryNames");
        StringBuilder sb = new StringBuilder(zipEntryNames.size() * 32 + 8).append("paths\n");
        for (String name : zipEntryNames) {
            sb.append(csvField(csvPath(name))).append('\n');
        }
        AtomicWrite.writeString(caseDir.resolve(IMAGES_PATHS), sb.toString());
    }

    /** Writes every matrix as {@code descriptors/<name>.pickle}. */
    public static void writeDescriptors(Path caseDir, Map<String, FloatMatrix> sets) throws IOException {
        for (Map.Entry<String, FloatMatrix> e : sets.entrySet()) {
            NumpyWriter.writePickle(caseDir.resolve(DESCRIPTORS).resolve(e.getKey() + ".pickle"), e.getValue());
        }
    }
}
