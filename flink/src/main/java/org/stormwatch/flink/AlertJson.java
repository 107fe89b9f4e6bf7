package org.stormwatch.flink;

import static org.stormwatch.core.model.JsonText.quote;

import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.detect.Alert;

/**
 * The JSON lines the job writes: alerts as core's {@link org.stormwatch.core.detect.AlertJson}
 * writes them everywhere (the fields of {@code stormwatch detect --format jsonl}), and port-report
 * rows with the fields of {@code stormwatch report --format jsonl}.
 */
final class AlertJson {
  private AlertJson() {}

  static String line(Alert a) {
    return org.stormwatch.core.detect.AlertJson.of(a);
  }

  static String line(PortActivity r) {
    return "{\"start\":"
        + quote(r.start().toString())
        + ",\"port\":"
        + r.port()
        + ",\"protocol\":"
        + quote(r.protocol().label())
        + ",\"records\":"
        + r.records()
        + ",\"sources\":"
        + r.sources()
        + ",\"targets\":"
        + r.targets()
        + "}";
  }
}
