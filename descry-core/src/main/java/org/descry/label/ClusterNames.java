package org.descry.label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.descry.data.DescryException;
import org.descry.io.AtomicWrite;
import org.descry.io.Csv;
import org.descry.model.ModelStore;

/**
 * The names people gave to clusters, per attribute ({@code type}, {@code view}, {@code colour} ...): cluster id to
 * name. Two clusters with the same name are merged for labelling; the name {@link #UNKNOWN} withholds a cluster's
 * label (a cluster of mixed or bad images). Immutable; every change made through {@link #apply} is appended to a
 * history file with its time and source, so a later reader can see who named what and undo it.
 *
 * <p>On disk, in the labelling bundle's folder:
 * <pre>
 * names.json          {"format_version": 1, "attributes": {"type": {"3": "sedan", "7": "bus"}, ...}}
 * names-history.jsonl one JSON object per change: time, source, attribute, cluster, from, to
 * </pre>
 */
public final class ClusterNames {

    /** The name that withholds a cluster's label. */
    public static final String UNKNOWN = "unknown";

    public static final String FILE = "names.json";
    public static final String HISTORY_FILE = "names-history.jsonl";
    private static final int FORMAT_VERSION = 1;

    /** One naming: give {@code cluster} of {@code attribute} the name {@code name} (null or empty removes it). */
    public record Change(String attribute, int cluster, String name) {
        public Change {
            if (attribute == null || attribute.isBlank()) {
                throw new DescryException("attribute must not be empty");
            }
            if (cluster < 0) {
                throw new DescryException("cluster must be >= 0, got " + cluster);
            }
            name = name == null ? "" : name.strip();
        }
    }

    private final Map<String, Map<Integer, String>> names;

    private ClusterNames(Map<String, Map<Integer, String>> names) {
        Map<String, Map<Integer, String>> copy = new TreeMap<>();
        names.forEach((a, m) -> copy.put(a, Collections.unmodifiableMap(new TreeMap<>(m))));
        this.names = Collections.unmodifiableMap(copy);
    }

    /** No names yet. */
    public static ClusterNames empty() {
        return new ClusterNames(Map.of());
    }

    /** The attributes that have at least one named cluster. */
    public List<String> attributes() {
        return List.copyOf(names.keySet());
    }

    /** The name of {@code cluster} for {@code attribute}, or {@code null} when unnamed. */
    public String name(String attribute, int cluster) {
        return names.getOrDefault(attribute, Map.of()).get(cluster);
    }

    /** Cluster id to name for one attribute (empty when none is named). */
    public Map<Integer, String> of(String attribute) {
        return names.getOrDefault(attribute, Map.of());
    }

    /**
     * Each cluster's name as an array over {@code 0 .. k-1}, {@code null} where unnamed, for labelling; an id
     * {@code >= k} is an error (the names were made for another clustering).
     */
    public String[] table(String attribute, int k) {
        String[] t = new String[k];
        for (var e : of(attribute).entrySet()) {
            if (e.getKey() >= k) {
                throw new DescryException("names of '" + attribute + "' name cluster " + e.getKey() + " but the "
                        + "clustering has only " + k + " clusters");
            }
            t[e.getKey()] = e.getValue();
        }
        return t;
    }

    /** These names with {@code changes} applied (an empty name removes one). */
    public ClusterNames with(List<Change> changes) {
        Map<String, Map<Integer, String>> m = new TreeMap<>();
        names.forEach((a, v) -> m.put(a, new TreeMap<>(v)));
        for (Change c : changes) {
            Map<Integer, String> a = m.computeIfAbsent(c.attribute(), x -> new TreeMap<>());
            if (c.name().isEmpty()) {
                a.remove(c.cluster());
            } else {
                a.put(c.cluster(), c.name());
            }
            if (a.isEmpty()) {
                m.remove(c.attribute());
            }
        }
        return new ClusterNames(m);
    }

    /**
     * Applies {@code changes} to the names saved in {@code dir} (none yet is fine), saves the result atomically and
     * appends the changes that altered something to the history, marked with {@code source}.
     */
    public static ClusterNames apply(Path dir, List<Change> changes, String source) throws IOException {
        ClusterNames before = load(dir);
        ClusterNames after = before.with(changes);
        after.save(dir);
        StringBuilder lines = new StringBuilder();
        String now = Instant.now().toString();
        ClusterNames at = before;
        for (Change c : changes) {
            String from = at.name(c.attribute(), c.cluster());
            String to = c.name().isEmpty() ? null : c.name();
            if (!Objects.equals(from, to)) {
                ObjectNode o = ModelStore.json().createObjectNode();
                o.put("time", now).put("source", source).put("attribute", c.attribute()).put("cluster", c.cluster());
                o.put("from", from);
                o.put("to", to);
                lines.append(ModelStore.json().writer().without(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(o)).append('\n');
            }
            at = at.with(List.of(c));
        }
        if (!lines.isEmpty()) {
            Files.writeString(dir.resolve(HISTORY_FILE), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        return after;
    }

    /**
     * Reads changes from a CSV with the columns {@code attribute,cluster,name}, or {@code cluster,name} when
     * {@code attribute} is given.
     */
    public static List<Change> readCsv(Path file, String attribute) throws IOException {
        Csv.Table t = Csv.read(file);
        int a = attribute == null ? t.column("attribute") : t.header().indexOf("attribute");
        int c = t.column("cluster");
        int n = t.column("name");
        List<Change> out = new ArrayList<>();
        for (int r = 0; r < t.rows().size(); r++) {
            String[] row = t.rows().get(r);
            String id = row[c].strip();
            int cluster;
            try {
                cluster = Integer.parseInt(id);
            } catch (NumberFormatException e) {
                throw new DescryException(file + ": line " + (r + 2) + ": cluster '" + id + "' is not a number");
            }
            out.add(new Change(a >= 0 ? row[a] : attribute, cluster, row[n]));
        }
        return out;
    }

    /** The changes made so far, oldest first, as the history file holds them. */
    public static List<JsonNode> history(Path dir) throws IOException {
        Path f = dir.resolve(HISTORY_FILE);
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(ModelStore.json().readTree(line));
                }
            }
        }
        return out;
    }

    public void save(Path dir) throws IOException {
        ObjectNode root = ModelStore.json().createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        ObjectNode attrs = root.putObject("attributes");
        names.forEach((a, m) -> {
            ObjectNode o = attrs.putObject(a);
            m.forEach((c, n) -> o.put(Integer.toString(c), n));
        });
        Files.createDirectories(dir);
        AtomicWrite.writeString(dir.resolve(FILE),
                ModelStore.json().writeValueAsString(root) + "\n");
    }

    /** The names saved in {@code dir}, or none when it has no names file. */
    public static ClusterNames load(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            return empty();
        }
        JsonNode root = ModelStore.json().readTree(f.toFile());
        int version = root.path("format_version").asInt(-1);
        if (version < 1 || version > FORMAT_VERSION) {
            throw new DescryException(f + ": names format_version " + version + " is not one this version reads "
                    + "(1.." + FORMAT_VERSION + "); upgrade Descry");
        }
        Map<String, Map<Integer, String>> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("attributes").fields(); it.hasNext(); ) {
            var a = it.next();
            Map<Integer, String> byCluster = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> c = a.getValue().fields(); c.hasNext(); ) {
                var e = c.next();
                try {
                    byCluster.put(Integer.parseInt(e.getKey()), e.getValue().asText());
                } catch (NumberFormatException ex) {
                    throw new DescryException(f + ": cluster id '" + e.getKey() + "' of '" + a.getKey()
                            + "' is not a number");
                }
            }
            m.put(a.getKey(), byCluster);
        }
        return new ClusterNames(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterNames other && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
