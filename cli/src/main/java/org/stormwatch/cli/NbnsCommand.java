package org.stormwatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.Inputs;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.JsonText;
import org.stormwatch.core.nbns.NbnsDecodeResult;
import org.stormwatch.core.nbns.NbnsFeatures;
import org.stormwatch.core.nbns.NbnsHeader;
import org.stormwatch.core.nbns.NbnsMessage;
import org.stormwatch.core.nbns.NbnsObservation;
import org.stormwatch.core.nbns.NbnsPacketScanner;
import org.stormwatch.core.nbns.NbnsQuestion;
import org.stormwatch.core.nbns.NbnsResourceRecord;
import org.stormwatch.core.nbns.NbnsTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stormwatch nbns}: every NetBIOS name service message of the captures, decoded. */
@Command(
    name = "nbns",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the NetBIOS name service messages (port 137) of captures, decoded (RFC 1002),",
      "and marks the forged lookups of 2002:",
      "the broadcast flag on a request sent to a unicast address",
      "AND a source port of 1025 or higher. (Without the netmask, 255.255.255.255 and addresses",
      "ending in .255 count as broadcast.) A summary goes to stderr in csv and jsonl, to stdout",
      "after the table."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:done", "2:bad usage, or an input that could not be read"})
final class NbnsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "INPUT",
      description = "pcap or pcapng files, gzip-compressed or not; '-' for standard input.")
  List<String> inputs;

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "table|csv|jsonl",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(
      names = "--forged-only",
      description = "Only the messages with the forged-lookup signature.")
  boolean forgedOnly;

  @Option(
      names = "--top-names",
      defaultValue = "10",
      paramLabel = "N",
      description =
          "How many of the most frequent names the summary lists (default: ${DEFAULT-VALUE}).")
  int topNames;

  private static final String[] COLUMNS = {
    "time",
    "src",
    "sport",
    "dst",
    "dport",
    "id",
    "response",
    "opcode",
    "aa",
    "tc",
    "rd",
    "ra",
    "b",
    "rcode",
    "name",
    "qtype",
    "forged",
    "reasons"
  };

  private final Summary summary = new Summary();
  private final List<String[]> tableRows = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (format == OutputFormat.csv) {
      out.println(String.join(",", COLUMNS));
    }
    ReadStats stats = new ReadStats();
    boolean allRead = true;
    for (String input : inputs) {
      ReadStats one = new ReadStats();
      try {
        Inputs.readPackets(
            input, one, name -> new NbnsPacketScanner(name, one, o -> print(o, out)));
      } catch (InputException e) {
        allRead = false;
        err.println("stormwatch: " + e.getMessage());
      }
      stats.addAll(one);
    }
    if (format == OutputFormat.table) {
      Table.print(
          tableRows,
          new String[] {
            "time (UTC)",
            "src",
            "sport",
            "dst",
            "dport",
            "id",
            "kind",
            "flags",
            "rcode",
            "name",
            "qtype",
            "forged",
            "reasons"
          },
          out);
    }
    PrintWriter summaryOut = format == OutputFormat.table ? out : err;
    summary.print(summaryOut, topNames);
    err.printf(
        "read %d input%s: %,d packets, %,d with NBNS, %,d malformed%n",
        stats.files(),
        stats.files() == 1 ? "" : "s",
        stats.units(),
        stats.probes(),
        stats.malformed().total());
    for (String w : stats.warnings()) {
      err.println("warning: " + w);
    }
    out.flush();
    err.flush();
    return allRead ? 0 : Main.EXIT_INPUT;
  }

  private void print(NbnsObservation o, PrintWriter out) {
    summary.add(o);
    if (forgedOnly && !o.features().forged()) {
      return;
    }
    NbnsMessage m = o.message();
    NbnsHeader h = m == null ? null : m.header();
    String name = name(m);
    String qtype = qtype(m);
    switch (format) {
      case jsonl:
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"time\":").append(JsonText.quote(o.time().toString()));
        sb.append(",\"src\":")
            .append(JsonText.quote(o.source()))
            .append(",\"sport\":")
            .append(o.srcPort());
        sb.append(",\"dst\":")
            .append(JsonText.quote(o.destination()))
            .append(",\"dport\":")
            .append(o.dstPort());
        if (h == null) {
          sb.append(",\"id\":null,\"response\":null,\"opcode\":null,\"flags\":null,\"rcode\":null");
        } else {
          sb.append(",\"id\":").append(h.id()).append(",\"response\":").append(h.response());
          sb.append(",\"opcode\":")
              .append(
                  h.opcode().known()
                      ? JsonText.quote(h.opcode().label())
                      : String.valueOf(h.opcode().code()));
          sb.append(",\"flags\":{\"aa\":")
              .append(h.authoritative())
              .append(",\"tc\":")
              .append(h.truncation());
          sb.append(",\"rd\":")
              .append(h.recursionDesired())
              .append(",\"ra\":")
              .append(h.recursionAvailable());
          sb.append(",\"b\":").append(h.broadcast()).append("},\"rcode\":").append(h.rcode());
        }
        sb.append(",\"name\":").append(name == null ? "null" : JsonText.quote(name));
        sb.append(",\"qtype\":")
            .append(
                qtype == null
                    ? "null"
                    : qtype.startsWith("type ") ? qtype.substring(5) : JsonText.quote(qtype));
        sb.append(",\"forged\":").append(o.features().forged()).append(",\"reasons\":[");
        List<String> reasons = o.features().reasons();
        for (int i = 0; i < reasons.size(); i++) {
          sb.append(i > 0 ? "," : "").append(JsonText.quote(reasons.get(i)));
        }
        out.println(sb.append("]}"));
        break;
      case csv:
        out.println(
            String.join(
                ",",
                o.time().toString(),
                o.source(),
                String.valueOf(o.srcPort()),
                o.destination(),
                String.valueOf(o.dstPort()),
                h == null ? "" : String.valueOf(h.id()),
                h == null ? "" : String.valueOf(h.response()),
                h == null
                    ? ""
                    : h.opcode().known() ? h.opcode().label() : String.valueOf(h.opcode().code()),
                h == null ? "" : String.valueOf(h.authoritative()),
                h == null ? "" : String.valueOf(h.truncation()),
                h == null ? "" : String.valueOf(h.recursionDesired()),
                h == null ? "" : String.valueOf(h.recursionAvailable()),
                h == null ? "" : String.valueOf(h.broadcast()),
                h == null ? "" : String.valueOf(h.rcode()),
                Csv.field(name == null ? "" : name),
                qtype == null ? "" : qtype.startsWith("type ") ? qtype.substring(5) : qtype,
                String.valueOf(o.features().forged()),
                Csv.field(String.join("; ", o.features().reasons()))));
        break;
      default:
        tableRows.add(
            new String[] {
              o.time().toString().replace('T', ' ').replace("Z", ""),
              o.source(),
              String.valueOf(o.srcPort()),
              o.destination(),
              String.valueOf(o.dstPort()),
              h == null ? "-" : String.valueOf(h.id()),
              h == null
                  ? "-"
                  : (h.response() ? "response " : "")
                      + (h.opcode().known()
                          ? h.opcode().label()
                          : String.valueOf(h.opcode().code())),
              h == null ? "-" : flags(h),
              h == null ? "-" : String.valueOf(h.rcode()),
              name == null ? "-" : name,
              qtype == null ? "-" : qtype,
              o.features().forged() ? "FORGED" : "",
              String.join("; ", o.features().reasons())
            });
    }
  }

  private static String flags(NbnsHeader h) {
    StringBuilder sb = new StringBuilder();
    if (h.authoritative()) {
      sb.append("AA ");
    }
    if (h.truncation()) {
      sb.append("TC ");
    }
    if (h.recursionDesired()) {
      sb.append("RD ");
    }
    if (h.recursionAvailable()) {
      sb.append("RA ");
    }
    if (h.broadcast()) {
      sb.append("B ");
    }
    return sb.length() == 0 ? "-" : sb.toString().trim();
  }

  /** The first question's name, or in a response the first answer's. */
  static String name(NbnsMessage m) {
    if (m == null) {
      return null;
    }
    NbnsQuestion q = m.firstQuestion();
    if (q != null) {
      return q.name().toString();
    }
    return m.answers().isEmpty() ? null : m.answers().get(0).wiresharkName();
  }

  static String qtype(NbnsMessage m) {
    if (m == null) {
      return null;
    }
    NbnsQuestion q = m.firstQuestion();
    if (q != null) {
      return NbnsTypes.typeName(q.type());
    }
    if (m.answers().isEmpty()) {
      return null;
    }
    NbnsResourceRecord r = m.answers().get(0);
    return NbnsTypes.typeName(r.type());
  }

  /** Counts for the summary. */
  private static final class Summary {
    long messages;
    long requests;
    long responses;
    long forged;
    long broadcastRequests;
    long highPortRequests;
    long wildcardStatusRequests;
    long malformed;
    final Map<String, Long> names = new HashMap<>();

    void add(NbnsObservation o) {
      messages++;
      if (o.result() instanceof NbnsDecodeResult.Malformed) {
        malformed++;
      }
      NbnsFeatures f = o.features();
      NbnsMessage m = o.message();
      if (m != null && m.header().response()) {
        responses++;
      } else if (m != null) {
        requests++;
        broadcastRequests += f.broadcastFlag() ? 1 : 0;
        highPortRequests += f.highSourcePort() ? 1 : 0;
        wildcardStatusRequests += f.wildcardNodeStatus() ? 1 : 0;
      }
      forged += f.forged() ? 1 : 0;
      String name = name(m);
      if (name != null) {
        names.merge(name, 1L, Long::sum);
      }
    }

    void print(PrintWriter out, int top) {
      out.println();
      out.printf("NBNS messages                      %,d (%,d malformed)%n", messages, malformed);
      out.printf("  requests                         %,d%n", requests);
      out.printf("  responses                        %,d%n", responses);
      out.printf("  forged lookups                   %,d%n", forged);
      out.printf("  requests with the broadcast bit  %,d%n", broadcastRequests);
      out.printf("  requests from ports >= 1025      %,d%n", highPortRequests);
      out.printf("  wildcard NBSTAT requests         %,d%n", wildcardStatusRequests);
      if (!names.isEmpty() && top > 0) {
        out.println("most frequent names:");
        names.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(top)
            .forEach(e -> out.printf("  %,8d  %s%n", e.getValue(), e.getKey()));
      }
    }
  }
}
