package org.stormwatch.core.logs;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * How to read a firewall log.
 *
 * @param format a name from {@link LogInputs#formatNames()}, or {@code null} to detect it from the
 *     first lines
 * @param year the year of the first line of a log whose stamps carry none (classic syslog), or
 *     {@code null} to take it from the file's modification time
 * @param zone the zone of stamps that carry no offset (classic syslog, pfirewall.log), or {@code
 *     null} for UTC
 * @param columns the column names of a generic CSV/TSV file ({@code time, src, sport, dst, dport,
 *     proto}, optionally {@code flags, len, ttl, action}, and {@code -} for a column to ignore), or
 *     {@code null}
 * @param fileModified when the file was last written (the year of classic stamps comes from it), or
 *     {@code null} for now
 */
public record LogOptions(
    String format, Integer year, ZoneId zone, List<String> columns, Instant fileModified) {

  public LogOptions {
    if (year != null && (year < 1970 || year > 9999)) {
      throw new IllegalArgumentException("year out of range 1970..9999: " + year);
    }
    columns = columns == null ? null : List.copyOf(columns);
  }

  /** Detect the format, infer the year, stamps without offset in UTC, file written now. */
  public static LogOptions defaults() {
    return new LogOptions(null, null, null, null, null);
  }

  public LogOptions withFormat(String newFormat) {
    return new LogOptions(newFormat, year, zone, columns, fileModified);
  }

  public LogOptions withYear(Integer newYear) {
    return new LogOptions(format, newYear, zone, columns, fileModified);
  }

  public LogOptions withZone(ZoneId newZone) {
    return new LogOptions(format, year, newZone, columns, fileModified);
  }

  public LogOptions withColumns(List<String> newColumns) {
    return new LogOptions(format, year, zone, newColumns, fileModified);
  }

  public LogOptions withFileModified(Instant newFileModified) {
    return new LogOptions(format, year, zone, columns, newFileModified);
  }

  ZoneId zoneOrUtc() {
    return zone == null ? java.time.ZoneOffset.UTC : zone;
  }

  Instant modifiedOrNow() {
    return fileModified == null ? Instant.now() : fileModified;
  }
}
