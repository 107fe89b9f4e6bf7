package org.stormwatch.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code stormwatch} command. */
@Command(
    name = "stormwatch",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Sees Internet scanning in your own packet captures and firewall logs:",
      "per port and time bucket, how many probes, from how many sources, at how many targets."
    },
    commandListHeading = "%nCommands:%n",
    subcommands = {
      ReportCommand.class,
      NbnsCommand.class,
      DetectCommand.class,
      ScannersCommand.class,
      IngestCommand.class,
      SimulateCommand.class,
      ServeCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Run 'stormwatch help COMMAND' for a command's options. Exit status: 0 done, 2 bad usage or unreadable input."
    })
public final class Main implements Runnable {
  /** Exit status for bad usage and for inputs that could not be read. */
  public static final int EXIT_INPUT = 2;

  /** Exit status for a failure of Stormwatch itself. */
  public static final int EXIT_INTERNAL = 70;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    // Rows go out through a large buffer, flushed once at the end (run() flushes); messages on
    // stderr are flushed line by line so that they interleave sensibly with a progress bar.
    PrintWriter out =
        new PrintWriter(
            new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16),
            false);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(args, out, err));
  }

  /** Runs a command line with the given streams and returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          err.println("stormwatch: internal error: " + e);
          if (System.getenv("STORMWATCH_DEBUG") != null) {
            e.printStackTrace(err);
          } else {
            err.println(
                "stormwatch: set STORMWATCH_DEBUG=1 for the stack trace, and please report it");
          }
          err.flush();
          return EXIT_INTERNAL;
        });
    int status = cli.execute(args);
    out.flush();
    err.flush();
    return status;
  }
}
