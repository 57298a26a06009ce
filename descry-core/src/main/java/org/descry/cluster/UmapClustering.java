package org.descry.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.embed.UmapModel;
import org.descry.model.ClusterModel;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A clustering fitted in a UMAP embedding of the rows rather than on the rows themselves: umap-learn's recipe
 * "Using UMAP for clustering" (McInnes, Healy, Melville 2018; the documentation's advice of {@code min_dist} 0 and
 * more components than two), which lets k-means or Ward follow the neighbourhood graph of the rows instead of
 * straight-line distances in the reduced space, so clusters split along the manifold and come out purer.
 * A new row is embedded by {@link UmapModel#transform} (its nearest training rows, then a few epochs with the
 * training layout held fixed) and assigned by the inner clustering. As in umap-learn, the epochs draw negative
 * samples per block of edges, so a row's place, and rarely its cluster, moves a little with the rows transformed
 * beside it; {@code descry label} transforms in fixed blocks, so the same case labels the same way every time.
 * Placing rows at the starting point alone (the weighted mean of their neighbours' places, which depends on the
 * row alone) lost 0.01 of view on the fashion case's inner validation, so the epochs stay.
 *
 * <p>Saved as a folder of kind {@code umap-clustering} holding {@code umap/} (the embedding, with the training
 * rows its transform needs) and {@code clusters/} (the inner clustering).
 *
 * @param embedding  the UMAP fitted on the clustered rows
 * @param inner      the clustering of its embedding
 * @param provenance where it came from
 */
public record UmapClustering(UmapModel embedding, ClusterModel inner, Provenance provenance) implements ClusterModel {

    public static final String KIND = "umap-clustering";

    public UmapClustering {
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(inner, "inner");
        Objects.requireNonNull(provenance, "provenance");
        if (inner.inputWidth() != embedding.config().nComponents()) {
            throw new IllegalArgumentException("the inner clustering takes " + inner.inputWidth()
                    + " columns, the embedding has " + embedding.config().nComponents());
        }
        if (inner.labels().length != embedding.embedding().rows()) {
            throw new IllegalArgumentException("the inner clustering has " + inner.labels().length
                    + " labels for " + embedding.embedding().rows() + " embedded rows");
        }
    }

    @Override
    public int k() {
        return inner.k();
    }

    @Override
    public int inputWidth() {
        return embedding.training().cols();
    }

    @Override
    public int[] labels() {
        return inner.labels();
    }

    @Override
    public int[] predict(FloatMatrix x) {
        return inner.predict(embedding.transform(x));
    }

    @Override
    public void save(Path dir) throws IOException {
        embedding.save(dir.resolve("umap"));
        inner.save(dir.resolve("clusters"));
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("clusters", k());
        m.put("input_width", inputWidth());
        ModelStore.writeManifest(dir, m);
    }

    /** Reads a folder {@link #save} wrote; {@code loadInner} reads the inner clustering by its own kind. */
    public static UmapClustering load(Path dir, IoFunction loadInner) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        UmapModel u = UmapModel.load(dir.resolve("umap"));
        ClusterModel c = loadInner.apply(dir.resolve("clusters"));
        try {
            return new UmapClustering(u, c, ModelStore.provenance(m));
        } catch (IllegalArgumentException e) {
            throw new DescryException(dir + ": inconsistent UMAP clustering: " + e.getMessage());
        }
    }

    /** Reads a clustering folder. */
    @FunctionalInterface
    public interface IoFunction {
        ClusterModel apply(Path dir) throws IOException;
    }
}
