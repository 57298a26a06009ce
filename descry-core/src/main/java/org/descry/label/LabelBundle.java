package org.descry.label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A labelling model: for each attribute its {@link AttributeModel} (each may read a different descriptor set) and
 * the names people gave its clusters ({@link ClusterNames}, kept beside it with their history). Saved as a
 * folder whose layout is part of Descry's documented formats:
 * <pre>
 * BUNDLE/model.json                  kind "label-bundle", format_version, the attributes in order, provenance
 * BUNDLE/attributes/&lt;attribute&gt;/     each attribute's model (kind "label-attribute")
 * BUNDLE/names.json                  the names ({@link ClusterNames})
 * BUNDLE/names-history.jsonl         every naming change
 * </pre>
 * A bundle written by a later Descry with a higher {@code format_version} is refused with a message saying so
 * ({@link ModelStore#readManifest}).
 *
 * @param attributes attribute name to its model, in column order
 * @param names      the cluster names
 * @param provenance where it came from
 */
public record LabelBundle(Map<String, AttributeModel> attributes, ClusterNames names, Provenance provenance) {

    public static final String KIND = "label-bundle";

    public LabelBundle {
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(provenance, "provenance");
        if (attributes.isEmpty()) {
            throw new DescryException("a label bundle needs at least one attribute");
        }
    }

    /** This bundle with other names. */
    public LabelBundle withNames(ClusterNames other) {
        return new LabelBundle(attributes, other, provenance);
    }

    /** The attribute's model; an error listing the bundle's attributes when it has none of that name. */
    public AttributeModel attribute(String name) {
        AttributeModel a = attributes.get(name);
        if (a == null) {
            throw new DescryException("the bundle has no attribute '" + name + "' (it has "
                    + String.join(", ", attributes.keySet()) + ")");
        }
        return a;
    }

    /** Saves the models and the manifest (the names are saved through {@link ClusterNames#apply}). */
    public void save(Path dir) throws IOException {
        for (var e : attributes.entrySet()) {
            e.getValue().save(dir.resolve("attributes").resolve(e.getKey()));
        }
        names.save(dir);
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        ArrayNode a = m.putArray("attributes");
        attributes.keySet().forEach(a::add);
        ModelStore.writeManifest(dir, m);
    }

    public static LabelBundle load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DescryException(dir + ": no such label bundle folder");
        }
        JsonNode m = ModelStore.readManifest(dir, KIND);
        Map<String, AttributeModel> attrs = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        m.path("attributes").forEach(n -> order.add(n.asText()));
        for (String a : order) {
            attrs.put(a, AttributeModel.load(dir.resolve("attributes").resolve(a)));
        }
        ClusterNames names = ClusterNames.load(dir);
        for (String a : names.attributes()) {
            if (!attrs.containsKey(a)) {
                throw new DescryException(dir.resolve(ClusterNames.FILE) + ": names attribute '" + a
                        + "' that the bundle does not have (it has " + String.join(", ", order) + ")");
            }
            names.table(a, attrs.get(a).clustering().k());
        }
        return new LabelBundle(attrs, names, ModelStore.provenance(m));
    }
}
