package org.descry.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.descry.io.AtomicWrite;
import org.descry.metrics.AdjustedRandIndex;
import org.descry.metrics.NormalizedMutualInfo;

/**
 * The study's {@code report.html}: one self-contained file (pictures inlined as data URIs, no server, no
 * network) that opens from disk. The recommendation comes first, then each descriptor set's choice and why, the
 * runs x metrics table, the agreement between descriptor sets, the scaler comparison, and the pictures; each
 * chosen clustering gets a form with one line per cluster where a person types its name and exports them as a
 * {@code attribute,cluster,name} CSV that {@code descry name --from} reads.
 */
public final class StudyReport {

    /** A picture for the report: its section, a caption and a PNG file (inlined). */
    public record Figure(String section, String caption, Path png) {}

    private final Study.Result result;
    private final String caseName;
    private final Map<String, List<Figure>> figures = new LinkedHashMap<>();

    public StudyReport(Study.Result result, String caseName) {
        this.result = result;
        this.caseName = caseName;
    }

    /** Adds a picture under its section heading (sections appear in the order first used). */
    public StudyReport add(Figure figure) {
        figures.computeIfAbsent(figure.section(), s -> new ArrayList<>()).add(figure);
        return this;
    }

    /** Writes the report atomically. */
    public void write(Path file) throws IOException {
        AtomicWrite.writeString(file, html());
    }

    String html() throws IOException {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Descry study: ")
                .append(esc(caseName)).append("</title>\n<style>\n").append(CSS).append("</style></head><body>\n");
        h.append("<h1>Descry study of ").append(esc(caseName)).append("</h1>\n");
        Study.Choice best = result.recommended();
        h.append("<section class=\"rec\"><h2>Recommendation</h2><p>Use <b>").append(esc(best.run().id()))
                .append("</b>: ").append(best.run().clusters()).append(" clusters of <b>")
                .append(esc(best.descriptor())).append("</b> (").append(esc(best.run().algorithm())).append(", ")
                .append(esc(best.run().scaler())).append(" scaling).</p><p>")
                .append(esc(recommendationWhy())).append("</p><p>Its labels are in <code>clusters.csv</code>; "
                        + "name its clusters below, then export the names.</p></section>\n");

        h.append("<h2>Chosen run per descriptor set</h2>\n<table><tr><th>descriptor set</th><th>run</th><th>k</th>"
                + "<th>CH</th><th>DB</th><th>silhouette</th><th>stability (split-half ARI)</th><th>why</th></tr>\n");
        for (Study.Choice c : result.choices()) {
            RunResult r = c.run();
            h.append("<tr><td>").append(esc(c.descriptor())).append("</td><td>").append(esc(r.id()))
                    .append("</td><td>").append(r.clusters()).append("</td><td>").append(num(r.calinski()))
                    .append("</td><td>").append(num(r.davies())).append("</td><td>").append(num(r.silhouette()))
                    .append("</td><td>").append(num(c.stability())).append("</td><td class=\"why\">")
                    .append(esc(c.scaler() == null ? c.why() : "Scaler: " + c.scaler().explanation() + " Run: "
                            + c.why())).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Agreement between the chosen runs</h2><p>Adjusted Rand index (upper) and NMI (lower): where "
                + "descriptor sets agree, the clusters are more than an artefact of one set.</p>\n<table><tr><th></th>");
        List<Study.Choice> cs = result.choices();
        for (Study.Choice c : cs) {
            h.append("<th>").append(esc(c.descriptor())).append("</th>");
        }
        h.append("</tr>\n");
        for (int i = 0; i < cs.size(); i++) {
            h.append("<tr><th>").append(esc(cs.get(i).descriptor())).append("</th>");
            for (int j = 0; j < cs.size(); j++) {
                double v = i == j ? 1 : i < j ? AdjustedRandIndex.score(cs.get(i).labels(), cs.get(j).labels())
                        : NormalizedMutualInfo.score(cs.get(i).labels(), cs.get(j).labels());
                h.append("<td>").append(num(v)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Agreement between algorithms</h2><p>Per descriptor set, each algorithm's own choice by the k "
                + "rule; ARI (upper) and NMI (lower) over the rows both cluster: algorithms that agree found "
                + "structure in the descriptors rather than in their own bias.</p>\n");
        for (Study.AlgorithmAgreement g : result.algorithmAgreement()) {
            int m = g.runs().size();
            h.append("<h3>").append(esc(g.descriptor())).append("</h3><table><tr><th></th>");
            g.runs().forEach(id -> h.append("<th>").append(esc(id)).append("</th>"));
            h.append("</tr>\n");
            for (int i = 0; i < m; i++) {
                h.append("<tr><th>").append(esc(g.runs().get(i))).append("</th>");
                for (int j = 0; j < m; j++) {
                    double v = i == j ? 1 : i < j ? g.ari()[i * m + j] : g.nmi()[i * m + j];
                    h.append("<td>").append(num(v)).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }

        for (var e : figures.entrySet()) {
            h.append("<h2>").append(esc(e.getKey())).append("</h2>\n<div class=\"figs\">");
            for (Figure f : e.getValue()) {
                h.append("<figure><img alt=\"").append(esc(f.caption())).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(Files.readAllBytes(f.png())))
                        .append("\"><figcaption>").append(esc(f.caption())).append("</figcaption></figure>");
            }
            h.append("</div>\n");
        }

        h.append("<h2>Name the clusters</h2><p>One line per cluster of each chosen run. Type a name (the same name "
                + "for two clusters merges them; <code>unknown</code> withholds the label), pick the attribute, then "
                + "export: the file is <code>attribute,cluster,name</code> for <code>descry name DIR --from "
                + "names.csv</code>.</p>\n");
        for (Study.Choice c : result.choices()) {
            h.append("<form class=\"names\" data-descriptor=\"").append(esc(c.descriptor())).append("\"><h3>")
                    .append(esc(c.descriptor())).append(": ").append(esc(c.run().id()))
                    .append("</h3><label>attribute <input name=\"attribute\" value=\"\" placeholder=\"type, view, "
                            + "colour...\"></label><table><tr><th>cluster</th><th>images</th><th>name</th></tr>\n");
            int[] sizes = clusterSizes(c.labels());
            for (int k = 0; k < sizes.length; k++) {
                h.append("<tr><td>").append(k).append("</td><td>").append(String.format(Locale.ROOT, "%,d",
                        sizes[k])).append("</td><td><input data-cluster=\"").append(k).append("\"></td></tr>\n");
            }
            h.append("</table><button type=\"button\" onclick=\"exportNames(this.form)\">export names.csv</button>"
                    + "</form>\n");
        }

        h.append("<h2>Every run</h2>\n<table class=\"runs\"><tr><th>run</th><th>descriptor</th><th>scaler</th>"
                + "<th>algorithm</th><th>k</th><th>clusters</th><th>CH</th><th>DB</th><th>silhouette</th>"
                + "<th>smallest cluster</th><th>noise</th><th>seconds</th></tr>\n");
        for (RunResult r : result.runs()) {
            h.append("<tr><td>").append(esc(r.id())).append("</td><td>").append(esc(r.descriptor()))
                    .append("</td><td>").append(esc(r.scaler())).append("</td><td>").append(esc(r.algorithm()))
                    .append("</td><td>").append(r.k()).append("</td><td>").append(r.clusters()).append("</td><td>")
                    .append(num(r.calinski())).append("</td><td>").append(num(r.davies())).append("</td><td>")
                    .append(num(r.silhouette())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f%%", 100 * r.smallestShare())).append("</td><td>")
                    .append(r.noiseRows()).append("</td><td>").append(String.format(Locale.ROOT, "%.1f", r.seconds()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<script>\n").append(SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private String recommendationWhy() {
        Study.Choice best = result.recommended();
        if (result.choices().size() == 1) {
            return "It is the only descriptor set studied.";
        }
        return Double.isNaN(best.stability())
                ? "Among the descriptor sets' chosen runs it has the highest silhouette (stability was not measured)."
                : String.format(Locale.ROOT, "Among the descriptor sets' chosen runs it is the most stable: fitted "
                + "on two random halves, its clusters agree with ARI %.3f (CH and DB cannot be compared across "
                + "descriptor sets; stability can).", best.stability());
    }

    private static int[] clusterSizes(int[] labels) {
        int max = -1;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        int[] n = new int[max + 1];
        for (int l : labels) {
            if (l >= 0) {
                n[l]++;
            }
        }
        return n;
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;color:#222}
            table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .5em;
            text-align:right}th{background:#f3f3f3}td.why{text-align:left;max-width:40em}
            .rec{background:#eef6ee;border:1px solid #9c9;padding:.5em 1em}.figs{display:flex;flex-wrap:wrap;gap:1em}
            figure{margin:0}figure img{max-width:100%;border:1px solid #ddd}form.names{margin-bottom:2em}
            table.runs{font-size:85%}
            """;

    private static final String SCRIPT = """
            function exportNames(form) {
              const attr = form.querySelector('input[name=attribute]').value.trim();
              if (!attr) { alert('Type the attribute these clusters name (type, view, colour...)'); return; }
              const q = v => /[",\\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
              let csv = 'attribute,cluster,name\\n';
              form.querySelectorAll('input[data-cluster]').forEach(i => {
                if (i.value.trim()) csv += q(attr) + ',' + i.dataset.cluster + ',' + q(i.value.trim()) + '\\n';
              });
              const a = document.createElement('a');
              a.href = URL.createObjectURL(new Blob([csv], {type: 'text/csv'}));
              a.download = 'names-' + form.dataset.descriptor + '.csv';
              a.click();
            }
            """;
}
