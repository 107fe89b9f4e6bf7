package org.stormwatch.core.detect;

import java.util.List;

/**
 * What a detector found: alerts ordered by detection time then port, and notes on what it could not
 * judge (for example {@code 137/udp: baseline from 3 days}).
 */
public record DetectionReport(List<Alert> alerts, List<String> notes) {
  public DetectionReport {
    alerts = List.copyOf(alerts);
    notes = List.copyOf(notes);
  }
}
