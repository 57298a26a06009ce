package org.descry.study;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.ClusterModel;
import org.descry.model.Provenance;

/**
 * One run of the study: a descriptor set, its preprocessing and a clustering, as {@code descry cluster} takes
 * them on the command line.
 */
public record Pipeline(String descriptor, Preprocessing preprocessing, Clustering clustering) {

    public Pipeline {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(clustering, "clustering");
    }

    /** The configuration as plain values, for provenance and reports. */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("descriptor", descriptor);
        c.put("scaler", preprocessing.scaler().cliName());
        var pca = preprocessing.pca();
        c.put("pca", pca == null ? "none" : pca.components() > 0 ? (Object) pca.components() : (Object) pca.varianceFraction());
        if (preprocessing.after() != org.descry.preprocess.Scaler.NONE) {
            c.put("after_pca", preprocessing.after().cliName());
        }
        c.put("algorithm", clustering.algorithm());
        if (clustering.usesK()) {
            c.put("k", clustering.k());
            c.put("n_init", clustering.nInit());
        } else {
            c.put("min_cluster_size", clustering.minClusterSize());
            c.put("min_samples", clustering.minSamples());
            if (clustering.algorithm().equals("dbscan")) {
                c.put("eps", clustering.eps() > 0 ? (Object) clustering.eps() : "k-distance knee");
            }
        }
        if (clustering.algorithm().equals("agglomerative")) {
            c.put("linkage", clustering.linkage().toString());
            c.put("neighbors", clustering.neighbors());
        }
        if (clustering.algorithm().equals("leiden")) {
            c.put("neighbors", clustering.leiden().nNeighbors());
        }
        if (clustering.algorithm().equals("gmm")) {
            c.put("covariance", clustering.covariance().sklearnName());
        }
        c.put("seed", clustering.seed());
        return c;
    }

    /** Fits every step on {@code x} (the rows of the descriptor set) and returns the fitted pipeline. */
    public FittedPipeline fit(FloatMatrix x, String inputName, Progress progress) {
        Preprocessing.Fitted pre = preprocessing.fit(x, progress);
        ClusterModel model = clustering.fit(pre.reduced(), progress);
        Provenance p = Provenance.of("pipeline", config(), clustering.seed(), inputName);
        return new FittedPipeline(descriptor, x.cols(), pre.steps(), model, p);
    }
}
