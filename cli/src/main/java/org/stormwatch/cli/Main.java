package org.stormwatch.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    footer = {
      "",
      "Run 'stormwatch help COMMAND' for a command's options. Exit status: 0 done, 2 bad usage or unreadable input."
    })
public final class Main implements Runnable {
  /** Exit status for bad usage and for inputs that could not be read. */
  public static final int EXIT_INPUT = 2;

  /** Exit status for a failure of Stormwatch itself. */
  public static final int EXIT_INTERNAL = 70;

  /**
   * The commands, in the order {@code --help} lists them. They are registered in code, not in the
   * annotation, so that a run of one command builds only that command's model: picocli's reflection
   * over all of them took about half a second of CPU at every start.
   */
  private static final List<Class<?>> COMMANDS =
      List.of(
          ReportCommand.class,
          NbnsCommand.class,
          DetectCommand.class,
          ScannersCommand.class,
          IngestCommand.class,
          SimulateCommand.class,
          ServeCommand.class,
          DemoCommand.class,
          CommandLine.HelpCommand.class);

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
    Class<?> named = args.length > 0 ? commandNamed(args[0]) : null;
    for (Class<?> command : COMMANDS) {
      if (named == null || command == named) {
        cli.addSubcommand(command);
      }
    }
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

  /**
   * The command that {@code name} names, or {@code null} for none or for {@code help} (which needs
   * them all).
   */
  private static Class<?> commandNamed(String name) {
    for (Class<?> command : COMMANDS) {
      Command annotation = command.getAnnotation(Command.class);
      if (command != CommandLine.HelpCommand.class
          && annotation != null
          && annotation.name().equals(name)) {
        return command;
      }
    }
    return null;
  }
}
