package org.descry.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.descry.cluster.AgglomerativeModel;
import org.descry.cluster.LeidenModel;
import org.descry.cluster.BisectingKMeansModel;
import org.descry.cluster.DbscanModel;
import org.descry.cluster.GaussianMixtureModel;
import org.descry.cluster.HdbscanModel;
import org.descry.cluster.KMeansModel;
import org.descry.cluster.OpticsModel;
import org.descry.cluster.UmapClustering;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.model.ClusterModel;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A fitted descriptor-to-cluster pipeline: which descriptor set it reads, its fitted scaler and PCA, and its
 * clustering. It assigns new rows of the same descriptor set to its clusters, and saves as a folder:
 * <pre>
 * DIR/model.json      kind "pipeline": pipeline_version, descriptor name and width, the pipeline's provenance
 * DIR/scaler/         the fitted scaler (absent for none)
 * DIR/pca/            the fitted PCA (absent for none)
 * DIR/after/          the scaler after the PCA (absent for none)
 * DIR/cluster/        the fitted clustering
 * </pre>
 * {@code pipeline_version} 1 (no key) has no {@code after/}; 2 may have one. A folder of a later version is refused.
 */
public record FittedPipeline(String descriptor, int inputWidth, FittedPreprocessing preprocessing,
                             ClusterModel clustering, Provenance provenance) {

    public static final String KIND = "pipeline";
    /** Version of the folder layout, in the manifest as {@code pipeline_version}. */
    public static final int PIPELINE_VERSION = 2;

    public FittedPipeline {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(clustering, "clustering");
        Objects.requireNonNull(provenance, "provenance");
    }

    /** The cluster labels of the rows it was fitted on. */
    public int[] labels() {
        return clustering.labels();
    }

    /** Assigns rows of the descriptor set to the clusters. */
    public int[] predict(FloatMatrix raw) {
        if (raw.cols() != inputWidth) {
            throw new DescryException("descriptor '" + descriptor + "' rows have " + raw.cols()
                    + " columns, the pipeline was fitted on " + inputWidth);
        }
        return clustering.predict(preprocessing.apply(raw));
    }

    public void save(Path dir) throws IOException {
        preprocessing.save(dir);
        clustering.save(dir.resolve("cluster"));
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("pipeline_version", PIPELINE_VERSION);
        m.put("descriptor", descriptor);
        m.put("input_width", inputWidth);
        m.put("clusters", clustering.k());
        ModelStore.writeManifest(dir, m);
    }

    public static FittedPipeline load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        int version = m.path("pipeline_version").asInt(1);
        if (version > PIPELINE_VERSION) {
            throw new DescryException(dir.resolve(ModelStore.MANIFEST) + ": pipeline version " + version
                    + " is newer than this Descry reads (" + PIPELINE_VERSION + "); upgrade Descry");
        }
        FittedPreprocessing pre = FittedPreprocessing.load(dir);
        return new FittedPipeline(m.path("descriptor").asText(), m.path("input_width").asInt(), pre,
                loadClustering(dir.resolve("cluster")), ModelStore.provenance(m));
    }

    /** Loads any saved clustering by the kind its manifest names. */
    public static ClusterModel loadClustering(Path dir) throws IOException {
        String kind = ModelStore.kind(dir);
        return switch (kind) {
            case "kmeans" -> KMeansModel.load(dir);
            case "bisecting-kmeans" -> BisectingKMeansModel.load(dir);
            case "gaussian-mixture" -> GaussianMixtureModel.load(dir);
            case "hdbscan" -> HdbscanModel.load(dir);
            case "dbscan" -> DbscanModel.load(dir);
            case "agglomerative" -> AgglomerativeModel.load(dir);
            case LeidenModel.KIND -> LeidenModel.load(dir);
            case "optics" -> OpticsModel.load(dir);
            case UmapClustering.KIND -> UmapClustering.load(dir, FittedPipeline::loadClustering);
            default -> throw new DescryException(dir + ": unknown clustering kind '" + kind + "'");
        };
    }
}
