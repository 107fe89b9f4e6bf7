package org.stormwatch.core.logs;

/**
 * Turns one line of a log into an {@link Outcome}. Implementations may keep per-file state (the
 * {@code #Fields} header of a W3C log, the running year of syslog stamps), so one instance reads
 * one file. They never throw on bad input: whatever a line holds, the answer is an outcome.
 */
interface LineParser {
  Outcome parse(ByteLine line);

  /** Called once after the last line, for warnings about the file as a whole. */
  default void finish(org.stormwatch.core.input.ReadStats stats) {}
}
