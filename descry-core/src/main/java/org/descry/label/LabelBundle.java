package org.descry.label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;
import org.descry.study.CaseOutliers;

/**
 * A labelling model: the {@link LabelSource}s (one per descriptor set or mixture the study chose a clustering
 * for), which source each attribute is labelled from, and the names people gave the clusters
 * ({@link ClusterNames}, kept beside it with their history). The study writes one with its sources and no
 * attribute yet; {@code descry name} binds an attribute to a source and names its clusters. Saved as a folder
 * whose layout is part of Descry's documented formats:
 * <pre>
 * BUNDLE/model.json            kind "label-bundle", format_version, sources, attribute -> source, provenance
 * BUNDLE/&lt;source&gt;/            each source (kind "label-source"; ':' of a mixture spec written '@';
 *                              source_version 3: reject rule "distance" (radius.npy) or "likelihood"
 *                              (also variances.npy and floor.npy), the mix's blocks may hold a scaler after
 *                              the PCA (mix/block-N/after/), see {@link LabelSource#SOURCE_VERSION})
 * BUNDLE/outliers/             the outlier model (kind "case-outliers"), when the study scored outliers
 * BUNDLE/names.json            the names ({@link ClusterNames})
 * BUNDLE/names-history.jsonl   every naming change
 * </pre>
 * A bundle written by a later Descry with a higher {@code format_version} is refused with a message saying so
 * ({@link ModelStore#readManifest}).
 *
 * @param sources    source name to source, in the study's order
 * @param attributes attribute name to the name of its source, in column order
 * @param names      the cluster names, per attribute
 * @param outliers   the outlier model new images are scored with, or {@code null} for none
 * @param provenance where it came from
 */
public record LabelBundle(Map<String, LabelSource> sources, Map<String, String> attributes, ClusterNames names,
                          CaseOutliers.Model outliers, Provenance provenance) {

    public static final String KIND = "label-bundle";
    private static final String OUTLIERS = "outliers";

    public LabelBundle {
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(provenance, "provenance");
        if (sources.isEmpty()) {
            throw new DescryException("a label bundle needs at least one source clustering");
        }
        for (var e : attributes.entrySet()) {
            if (!sources.containsKey(e.getValue())) {
                throw new DescryException("attribute '" + e.getKey() + "' is bound to source '" + e.getValue()
                        + "', which the bundle does not have (it has " + String.join(", ", sources.keySet()) + ")");
            }
        }
        for (String a : names.attributes()) {
            if (!attributes.containsKey(a)) {
                throw new DescryException("names are given for attribute '" + a + "', which is bound to no source");
            }
            names.table(a, sources.get(attributes.get(a)).clustering().k());
        }
    }

    /** This bundle with {@code attribute} labelled from {@code source} (rebinding drops its names). */
    public LabelBundle bind(String attribute, String source) {
        source(source);
        if (attribute == null || attribute.isBlank() || !attribute.matches("[A-Za-z0-9_.-]+")) {
            throw new DescryException("attribute must be a name of letters, digits, '_', '.' or '-', got '"
                    + attribute + "'");
        }
        Map<String, String> a = new LinkedHashMap<>(attributes);
        ClusterNames n = names;
        if (!source.equals(a.put(attribute, source)) && !names.of(attribute).isEmpty()) {
            n = names.with(names.of(attribute).keySet().stream()
                    .map(c -> new ClusterNames.Change(attribute, c, "")).toList());
        }
        return new LabelBundle(sources, a, n, outliers, provenance);
    }

    /** This bundle with other names. */
    public LabelBundle withNames(ClusterNames other) {
        return new LabelBundle(sources, attributes, other, outliers, provenance);
    }

    /** A source by name; an error listing the bundle's sources when it has none of that name. */
    public LabelSource source(String name) {
        LabelSource s = sources.get(name);
        if (s == null) {
            throw new DescryException("the bundle has no source '" + name + "' (it has "
                    + String.join(", ", sources.keySet()) + ")");
        }
        return s;
    }

    /** The source an attribute is labelled from; an error listing the attributes when it is not bound. */
    public LabelSource sourceOf(String attribute) {
        String s = attributes.get(attribute);
        if (s == null) {
            throw new DescryException("no attribute '" + attribute + "' (named so far: "
                    + (attributes.isEmpty() ? "none" : String.join(", ", attributes.keySet())) + ")");
        }
        return sources.get(s);
    }

    private static String folder(String source) {
        return source.replace(':', '@');
    }

    /** Saves the sources, the names and the manifest (last). */
    public void save(Path dir) throws IOException {
        for (var e : sources.entrySet()) {
            Path d = dir.resolve(folder(e.getKey()));
            if (!Files.isRegularFile(d.resolve(ModelStore.MANIFEST))) {
                e.getValue().save(d);
            }
        }
        if (outliers != null && !Files.isRegularFile(dir.resolve(OUTLIERS).resolve(ModelStore.MANIFEST))) {
            outliers.save(dir.resolve(OUTLIERS));
        }
        names.save(dir);
        saveManifest(dir);
    }

    /** Rewrites only the manifest (after binding an attribute; the sources are already on disk). */
    public void saveManifest(Path dir) throws IOException {
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        ArrayNode s = m.putArray("sources");
        sources.keySet().forEach(s::add);
        ObjectNode a = m.putObject("attributes");
        attributes.forEach(a::put);
        m.put("outliers", outliers != null);
        ModelStore.writeManifest(dir, m);
    }

    public static LabelBundle load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DescryException(dir + ": no such label bundle folder");
        }
        JsonNode m = ModelStore.readManifest(dir, KIND);
        Map<String, LabelSource> sources = new LinkedHashMap<>();
        for (JsonNode n : m.path("sources")) {
            sources.put(n.asText(), LabelSource.load(dir.resolve(folder(n.asText()))));
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("attributes").fields(); it.hasNext(); ) {
            var e = it.next();
            attrs.put(e.getKey(), e.getValue().asText());
        }
        try {
            CaseOutliers.Model outliers = m.path("outliers").asBoolean(false)
                    ? CaseOutliers.Model.load(dir.resolve(OUTLIERS)) : null;
            return new LabelBundle(sources, attrs, ClusterNames.load(dir), outliers, ModelStore.provenance(m));
        } catch (DescryException e) {
            throw new DescryException(dir + ": " + e.getMessage());
        }
    }
}
