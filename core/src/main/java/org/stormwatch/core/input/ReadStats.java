package org.stormwatch.core.input;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What reading one or more inputs came to: every packet or line read is either a probe, not a probe
 * (with a reason: a reply, a non-IP frame, a syslog line of another program...), or malformed (with
 * a reason: truncated, corrupt...). So that nothing is dropped silently, {@code units == probes +
 * notProbes.total() + malformed.total()} holds once reading is done. Not thread-safe.
 */
public final class ReadStats {
  /** How many examples of malformed input are kept for the user to see. */
  public static final int MAX_EXAMPLES = 5;

  private long files;
  private long units;
  private long probes;
  private final Tally notProbes = new Tally();
  private final Tally malformed = new Tally();
  private final List<String> examples = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  public void fileOpened() {
    files++;
  }

  /** One packet or line read. */
  public void unit() {
    units++;
  }

  public void probe() {
    probes++;
  }

  public void notProbe(String reason) {
    notProbes.add(reason);
  }

  /**
   * One malformed packet, record or line.
   *
   * @param where file and line or offset, e.g. {@code capture.pcap: offset 1024}
   * @param reason a short fixed phrase to count by, e.g. {@code truncated record}
   * @param detail what exactly was wrong, for the first few examples
   */
  public void malformed(String where, String reason, String detail) {
    malformed.add(reason);
    if (examples.size() < MAX_EXAMPLES) {
      examples.add(
          where + ": " + reason + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
    }
  }

  /** A problem with a whole input that did not stop reading it (e.g. a truncated last record). */
  public void warn(String message) {
    warnings.add(message);
  }

  public void addAll(ReadStats other) {
    files += other.files;
    units += other.units;
    probes += other.probes;
    notProbes.addAll(other.notProbes);
    malformed.addAll(other.malformed);
    for (String e : other.examples) {
      if (examples.size() < MAX_EXAMPLES) {
        examples.add(e);
      }
    }
    warnings.addAll(other.warnings);
  }

  public long files() {
    return files;
  }

  public long units() {
    return units;
  }

  public long probes() {
    return probes;
  }

  public Tally notProbes() {
    return notProbes;
  }

  public Tally malformed() {
    return malformed;
  }

  public List<String> examples() {
    return Collections.unmodifiableList(examples);
  }

  public List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }
}
