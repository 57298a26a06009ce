package org.descry.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.descry.data.DescryException;

/**
 * Comma-separated files as RFC 4180 and pandas' {@code to_csv} write them: a header row, optional quotes
 * (doubled inside), CRLF or LF line ends, an optional UTF-8 byte-order mark.
 */
public final class Csv {

    /** A read table: the header and the rows, each row as many fields as the header. */
    public record Table(Path source, List<String> header, List<String[]> rows) {

        /** Index of {@code name} in the header; a clear error naming the file and the columns it has. */
        public int column(String name) {
            int i = header.indexOf(name);
            if (i < 0) {
                throw new DescryException(source + ": no column '" + name + "' (columns: " + String.join(", ", header)
                        + ")");
            }
            return i;
        }

        /** The values of one column, in row order. */
        public List<String> values(String name) {
            int c = column(name);
            List<String> out = new ArrayList<>(rows.size());
            for (String[] r : rows) {
                out.add(r[c]);
            }
            return out;
        }
    }

    private Csv() {}

    public static Table read(Path file) throws IOException {
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> fields = new ArrayList<>();
            long line = 0;
            while (true) {
                line++;
                if (!readRecord(in, fields, file, line)) {
                    break;
                }
                if (header == null) {
                    if (!fields.isEmpty() && fields.getFirst().startsWith("\uFEFF")) {
                        fields.set(0, fields.getFirst().substring(1));
                    }
                    header = List.copyOf(fields);
                } else if (fields.size() == 1 && fields.getFirst().isEmpty() && header.size() > 1) {
                    continue;
                } else {
                    if (fields.size() != header.size()) {
                        throw new DescryException(file + ": line " + line + " has " + fields.size() + " fields, the header has "
                                + header.size());
                    }
                    rows.add(fields.toArray(String[]::new));
                }
            }
        } catch (CharacterCodingException e) {
            throw new DescryException(file + ": not UTF-8 text");
        }
        if (header == null) {
            throw new DescryException(file + ": empty file, expected a header line");
        }
        return new Table(file, header, rows);
    }

    /** Reads one record into {@code fields}; false at end of input. */
    private static boolean readRecord(BufferedReader in, List<String> fields, Path file, long line) throws IOException {
        fields.clear();
        int c = in.read();
        if (c < 0) {
            return false;
        }
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        while (true) {
            if (quoted) {
                if (c < 0) {
                    throw new DescryException(file + ": line " + line + ": quote not closed before the end of the file");
                }
                if (c == '"') {
                    in.mark(1);
                    int n = in.read();
                    if (n == '"') {
                        f.append('"');
                    } else {
                        quoted = false;
                        if (n >= 0) {
                            in.reset();
                        }
                    }
                } else {
                    f.append((char) c);
                }
            } else if (c < 0 || c == '\n') {
                fields.add(f.toString());
                return true;
            } else if (c == '\r') {
                in.mark(1);
                if (in.read() != '\n') {
                    in.reset();
                }
                fields.add(f.toString());
                return true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
                fieldStart = true;
                c = in.read();
                continue;
            } else if (c == '"' && fieldStart) {
                quoted = true;
            } else {
                f.append((char) c);
            }
            fieldStart = false;
            c = in.read();
        }
    }

    /** Quotes a field when it holds a comma, a quote or a line break. */
    public static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** Writes one row, quoting where needed, ending with LF. */
    public static void writeRow(Writer out, String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quote(fields[i]));
        }
        out.write('\n');
    }
}
