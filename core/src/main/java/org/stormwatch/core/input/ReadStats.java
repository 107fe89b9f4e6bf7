package org.stormwatch.core.input;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What reading one or more inputs came to: every packet or line read is either a probe, not a probe
 * (with a reason: a reply, a non-IP frame, a syslog line of another program...), or malformed (with
 * a reason: truncated, corrupt...); so that nothing is dropped silently, the count of units read is
 * the sum of the three. Not thread-safe.
 */
public final class ReadStats {
  /** How many examples of malformed input are kept for the user to see. */
  public static final int MAX_EXAMPLES = 5;

  private long files;
  private long probes;
  private final Tally notProbes = new Tally();
  private final Tally malformed = new Tally();
  private final Tally skipped = new Tally();
  private final List<String> examples = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  public void fileOpened() {
    files++;
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

  /**
   * Something read that is no packet or line (an unknown pcapng block, bytes passed over to find
   * the next record after a corrupt one), counted apart from {@link #units()}.
   */
  public void skipped(String what, long n) {
    skipped.add(what, n);
  }

  /** A problem with a whole input that did not stop reading it (e.g. a truncated last record). */
  public void warn(String message) {
    warnings.add(message);
  }

  public void addAll(ReadStats other) {
    files += other.files;
    probes += other.probes;
    notProbes.addAll(other.notProbes);
    malformed.addAll(other.malformed);
    skipped.addAll(other.skipped);
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

  /** Packets or lines read: every one of them was a probe, not a probe, or malformed. */
  public long units() {
    return probes + notProbes.total() + malformed.total();
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

  public Tally skipped() {
    return skipped;
  }

  public List<String> examples() {
    return Collections.unmodifiableList(examples);
  }

  public List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }
}
