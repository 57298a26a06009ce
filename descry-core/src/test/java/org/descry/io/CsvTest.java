package org.descry.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.descry.data.DescryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

    @TempDir
    Path dir;

    @Test
    void readsQuotesCrlfAndBom() throws Exception {
        Path f = dir.resolve("a.csv");
        Files.writeString(f, "\uFEFFpaths,n\r\n\"a,b\",1\r\nc\\d.jpg,\"say \"\"hi\"\"\"\r\n\"multi\nline\",3", StandardCharsets.UTF_8);
        Csv.Table t = Csv.read(f);
        assertEquals(List.of("paths", "n"), t.header());
        assertEquals(List.of("a,b", "c\\d.jpg", "multi\nline"), t.values("paths"));
        assertArrayEquals(new String[] {"c\\d.jpg", "say \"hi\""}, t.rows().get(1));
    }

    @Test
    void missingColumnNamesFileAndColumns() throws Exception {
        Path f = dir.resolve("images_paths.csv");
        Files.writeString(f, "path\nx.jpg\n");
        DescryException e = assertThrows(DescryException.class, () -> Csv.read(f).values("paths"));
        assertTrue(e.getMessage().contains("images_paths.csv") && e.getMessage().contains("'paths'")
                && e.getMessage().contains("columns: path"), e.getMessage());
    }

    @Test
    void raggedRowAndEmptyFileAreErrors() throws Exception {
        Path f = dir.resolve("r.csv");
        Files.writeString(f, "a,b\n1,2\n3\n");
        assertTrue(assertThrows(DescryException.class, () -> Csv.read(f)).getMessage().contains("line 3 has 1 fields"));
        Path g = dir.resolve("e.csv");
        Files.writeString(g, "");
        assertTrue(assertThrows(DescryException.class, () -> Csv.read(g)).getMessage().contains("empty"));
    }

    @Test
    void writeThenReadRoundTrips() throws Exception {
        StringWriter w = new StringWriter();
        Csv.writeRow(w, "path", "cluster");
        Csv.writeRow(w, "x\\1,2.jpg", "3");
        Csv.writeRow(w, "q\"uote", "-1");
        Path f = dir.resolve("w.csv");
        Files.writeString(f, w.toString());
        assertEquals(List.of("x\\1,2.jpg", "q\"uote"), Csv.read(f).values("path"));
    }
}
