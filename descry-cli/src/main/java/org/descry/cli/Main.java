package org.descry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.descry.data.DescryException;
import org.descry.data.Workers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code descry} command.
 *
 * <p>Exit status: 0 success, 2 bad input (a file, a value, a layout; one line on stderr naming it),
 * 1 internal failure, 3 the environment lacks something (for example no JDK 25, from the launcher).
 * No stack trace is printed unless {@code --debug} is given.
 */
@Command(name = "descry", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Turns image descriptors (CNN embeddings) into labels: cluster, look, name, label.",
        subcommands = {InfoCommand.class, DemoCommand.class, MakeCaseCommand.class, DescribeCommand.class,
                ClusterCommand.class, ScoreCommand.class, NeighborsCommand.class, OutliersCommand.class,
                EmbedCommand.class, PlotCommand.class, GridCommand.class, StudyCommand.class, NameCommand.class,
                LabelCommand.class, EvaluateCommand.class, TrialCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    static {
        // Library warnings (java.util.logging) as one line each, like the CLI's own messages.
        System.setProperty("java.util.logging.SimpleFormatter.format", "descry: warning: %5$s%n");
    }

    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERNAL = 1;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean debug;

    @Option(names = "--threads", scope = CommandLine.ScopeType.INHERIT, paramLabel = "N",
            description = "Threads for the computation (default: the processors the JVM sees).")
    void threads(int n) {
        Workers.setDefaultThreads(n);
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit status. For tests and embedding. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = parseResult.hasMatchedOption("--debug")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"));
            return report(ex, err, debug);
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("descry: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_BAD_INPUT;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    static int report(Exception ex, PrintWriter err, boolean debug) {
        if (debug) {
            ex.printStackTrace(err);
        }
        Throwable t = ex;
        if (t instanceof java.io.UncheckedIOException u) {
            t = u.getCause();
        }
        switch (t) {
            case DescryException d -> {
                err.println("descry: " + d.getMessage());
                return EXIT_BAD_INPUT;
            }
            case NoSuchFileException n -> {
                err.println("descry: " + n.getFile() + ": no such file or folder");
                return EXIT_BAD_INPUT;
            }
            case AccessDeniedException a -> {
                err.println("descry: " + a.getFile() + ": permission denied");
                return EXIT_BAD_INPUT;
            }
            case FileSystemException f -> {
                err.println("descry: " + f.getFile() + ": " + f.getReason());
                return EXIT_BAD_INPUT;
            }
            case IOException io -> {
                err.println("descry: " + io.getMessage());
                return EXIT_BAD_INPUT;
            }
            case IllegalArgumentException bad -> {
                err.println("descry: " + bad.getMessage());
                return EXIT_BAD_INPUT;
            }
            case OutOfMemoryError oom -> {
                err.println("descry: out of memory; give Java more with DESCRY_JAVA_OPTS=-Xmx<size>");
                return EXIT_INTERNAL;
            }
            default -> {
                err.println("descry: internal error: " + t + (debug ? "" : " (rerun with --debug for details)"));
                return EXIT_INTERNAL;
            }
        }
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"descry " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
