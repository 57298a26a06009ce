package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.descry.data.DescryException;
import org.descry.label.ClusterNames;
import org.descry.label.LabelBundle;
import org.descry.model.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry name DIR --attribute type --set 3=sedan}: names clusters of a label bundle. */
@Command(name = "name", mixinStandardHelpOptions = true,
        description = {"Names clusters for an attribute (type, view, colour...), for labelling new images.",
                "DIR is a study folder (its model/ is used) or a label bundle. The first time an attribute is named, "
                + "--source says which descriptor set's chosen clustering it is read from. Giving two clusters the "
                + "same name merges them; the name 'unknown' withholds a cluster's label; an empty name removes one. "
                + "Every change is appended to names-history.jsonl."})
final class NameCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "A study folder or a label bundle.")
    Path dir;

    @Option(names = "--attribute", paramLabel = "NAME",
            description = "The attribute the names are for (required with --set).")
    String attribute;

    @Option(names = "--source", paramLabel = "SET",
            description = "The descriptor set (or mixture) whose clustering the attribute is read from.")
    String source;

    @Option(names = "--set", paramLabel = "CLUSTER=NAME", description = "Name a cluster; repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--from", paramLabel = "names.csv",
            description = "Names from a CSV: attribute,cluster,name (or cluster,name with --attribute), as the "
                    + "report's form exports it.")
    Path from;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        Path bundleDir = Files.isRegularFile(dir.resolve("model").resolve(ModelStore.MANIFEST))
                ? dir.resolve("model") : dir;
        LabelBundle bundle = LabelBundle.load(bundleDir);
        List<ClusterNames.Change> changes = new ArrayList<>();
        if (from != null) {
            changes.addAll(ClusterNames.readCsv(from, attribute));
        }
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new DescryException("--set must be CLUSTER=NAME, got '" + s + "'");
            }
            if (attribute == null) {
                throw new DescryException("--set needs --attribute");
            }
            int cluster;
            try {
                cluster = Integer.parseInt(s.substring(0, eq).strip());
            } catch (NumberFormatException e) {
                throw new DescryException("--set " + s + ": cluster '" + s.substring(0, eq) + "' is not a number");
            }
            changes.add(new ClusterNames.Change(attribute, cluster, s.substring(eq + 1)));
        }
        if (source != null) {
            if (attribute == null) {
                throw new DescryException("--source needs --attribute");
            }
            String before = bundle.attributes().get(attribute);
            if (before != null && !before.equals(source)) {
                List<ClusterNames.Change> drop = new ArrayList<>();
                bundle.names().of(attribute).keySet().forEach(c -> drop.add(new ClusterNames.Change(attribute, c, "")));
                changes.addAll(0, drop);
            }
            bundle = bundle.bind(attribute, source);
        }
        for (ClusterNames.Change c : changes) {
            if (!bundle.attributes().containsKey(c.attribute())) {
                throw new DescryException("attribute '" + c.attribute() + "' is not bound to a clustering yet: give "
                        + "--source (one of " + String.join(", ", bundle.sources().keySet()) + ")");
            }
            int k = bundle.sourceOf(c.attribute()).clustering().k();
            if (c.cluster() >= k) {
                throw new DescryException("cluster " + c.cluster() + " of '" + c.attribute() + "' does not exist (its "
                        + "clustering has clusters 0.." + (k - 1) + ")");
            }
        }
        ClusterNames names = ClusterNames.load(bundleDir).with(changes);
        bundle = bundle.withNames(names);
        bundle.saveManifest(bundleDir);
        ClusterNames.apply(bundleDir, changes, "descry name");
        for (var a : bundle.attributes().entrySet()) {
            Map<Integer, String> m = names.of(a.getKey());
            int k = bundle.sources().get(a.getValue()).clustering().k();
            o.printf("%s (from %s, %d clusters, %d named): %s%n", a.getKey(), a.getValue(), k, m.size(), m);
        }
        return 0;
    }
}
