package org.stormwatch.cli;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.stormwatch.core.input.InputOptions;
import org.stormwatch.core.logs.LogInputs;
import org.stormwatch.core.logs.LogOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The inputs and the options that say how they are read, shared by the commands that read probes.
 */
final class InputMixin {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Parameters(
      arity = "0..*",
      paramLabel = "INPUT",
      description =
          "Captures (pcap, pcapng) and firewall logs (netfilter, DShield, Cisco, pfirewall.log, pf,"
              + " Zeek, Suricata, CSV), gzip-compressed or not; '-' for standard input."
              + " report and detect read history instead when given --data or --db and no INPUT.")
  List<String> inputs;

  @Option(
      names = "--input-format",
      paramLabel = "NAME",
      description = {
        "Read every log input as this format instead of detecting it from the first lines:",
        "netfilter, dshield, dshield-json, cisco, pfirewall, pf, zeek, suricata, csv.",
        "Captures (pcap, pcapng) are always recognised by their first bytes."
      })
  String inputFormat;

  @Option(
      names = "--no-progress",
      description = "No progress bar (it is shown only when stderr is a terminal).")
  boolean noProgress;

  @Option(
      names = "--columns",
      paramLabel = "LIST",
      description = {
        "Columns of a generic CSV/TSV log, in order, e.g. time,src,sport,dst,dport,proto",
        "(also flags, len, ttl, action; '-' skips a column). Implies --input-format csv."
      })
  String columns;

  @Option(
      names = "--year",
      paramLabel = "YYYY",
      description =
          "Year of the first line of logs whose stamps have none (classic syslog); default: from the file's modification time.")
  Integer year;

  @Option(
      names = "--timezone",
      paramLabel = "ZONE",
      description =
          "Zone of log stamps that carry no offset (classic syslog, pfirewall.log), e.g. Europe/Berlin or +02:00 (default: UTC).")
  String timezone;

  @Option(
      names = "--sensor",
      defaultValue = "",
      paramLabel = "NAME",
      description = "Sensor name to record in the probes.")
  String sensor;

  /** The options, checked; a bad value is a usage error naming the option. */
  InputOptions options() {
    LogOptions logs = LogOptions.defaults();
    if (inputFormat != null) {
      if (!LogInputs.formatNames().contains(inputFormat)) {
        throw new ParameterException(
            spec.commandLine(),
            "--input-format: unknown format '"
                + inputFormat
                + "' (expected one of "
                + String.join(", ", LogInputs.formatNames())
                + ")");
      }
      logs = logs.withFormat(inputFormat);
    }
    if (columns != null) {
      List<String> list = Arrays.stream(columns.split(",")).map(String::trim).toList();
      logs = logs.withColumns(list);
    }
    if (year != null) {
      if (year < 1970 || year > 9999) {
        throw new ParameterException(
            spec.commandLine(), "--year must be 1970 to 9999, not " + year);
      }
      logs = logs.withYear(year);
    }
    if (timezone != null) {
      try {
        logs = logs.withZone(ZoneId.of(timezone));
      } catch (DateTimeException e) {
        throw new ParameterException(
            spec.commandLine(), "--timezone: unknown zone '" + timezone + "'");
      }
    }
    return new InputOptions(sensor, logs);
  }

  /** A runner for these inputs, with a progress bar on a terminal unless --no-progress. */
  InputRunner runner(java.io.PrintWriter err) {
    return new InputRunner(err, !noProgress);
  }
}
