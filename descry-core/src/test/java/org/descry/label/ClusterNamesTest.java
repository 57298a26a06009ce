package org.descry.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.descry.data.DescryException;
import org.descry.label.ClusterNames.Change;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster names: set, merge, remove, saved with a history of every change. */
class ClusterNamesTest {

    @TempDir
    Path dir;

    @Test
    void namesAreSavedAndEveryChangeIsInTheHistory() throws Exception {
        ClusterNames.apply(dir, List.of(new Change("type", 3, "sedan"), new Change("type", 7, "bus")), "cli");
        ClusterNames.apply(dir, List.of(new Change("type", 3, " suv "), new Change("type", 7, "bus"),
                new Change("colour", 0, "red")), "report");
        ClusterNames n = ClusterNames.apply(dir, List.of(new Change("type", 7, "")), "web");
        assertEquals(n, ClusterNames.load(dir));
        assertEquals("suv", n.name("type", 3));
        assertNull(n.name("type", 7));
        assertEquals(List.of("colour", "type"), n.attributes());
        var h = ClusterNames.history(dir);
        assertEquals(5, h.size(), h.toString());
        assertEquals("sedan", h.get(2).get("from").asText());
        assertEquals("suv", h.get(2).get("to").asText());
        assertEquals("report", h.get(2).get("source").asText());
        assertTrue(h.get(4).get("to").isNull());
        assertEquals("web", h.get(4).get("source").asText());
    }

    @Test
    void tableHasOneEntryPerClusterAndRefusesForeignIds() {
        ClusterNames n = ClusterNames.empty().with(List.of(new Change("view", 0, "front"),
                new Change("view", 2, "front"), new Change("view", 1, ClusterNames.UNKNOWN)));
        assertArrayEquals(new String[] {"front", "unknown", "front", null}, n.table("view", 4));
        DescryException e = assertThrows(DescryException.class, () -> n.table("view", 2));
        assertEquals("names of 'view' name cluster 2 but the clustering has only 2 clusters", e.getMessage());
    }

    @Test
    void readsCsvWithOrWithoutTheAttributeColumn() throws Exception {
        Path a = dir.resolve("a.csv");
        Files.writeString(a, "cluster,name\n3,sedan\n4,bus\n");
        assertEquals(List.of(new Change("type", 3, "sedan"), new Change("type", 4, "bus")),
                ClusterNames.readCsv(a, "type"));
        Path b = dir.resolve("b.csv");
        Files.writeString(b, "attribute,cluster,name\ncolour,1,red\n");
        assertEquals(List.of(new Change("colour", 1, "red")), ClusterNames.readCsv(b, null));
        Path c = dir.resolve("c.csv");
        Files.writeString(c, "cluster,name\nx,red\n");
        assertEquals(c + ": line 2: cluster 'x' is not a number",
                assertThrows(DescryException.class, () -> ClusterNames.readCsv(c, "colour")).getMessage());
        assertThrows(DescryException.class, () -> ClusterNames.readCsv(a, null));
    }

    @Test
    void aNamesFileFromAFutureVersionIsRefused() throws Exception {
        Files.writeString(dir.resolve(ClusterNames.FILE), "{\"format_version\": 9, \"attributes\": {}}");
        DescryException e = assertThrows(DescryException.class, () -> ClusterNames.load(dir));
        assertTrue(e.getMessage().contains("names format_version 9 is not one this version reads"), e.getMessage());
        assertEquals("cluster must be >= 0, got -1",
                assertThrows(DescryException.class, () -> new Change("type", -1, "x")).getMessage());
    }
}
