package org.stormwatch.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.stormwatch.core.detect.Alert;

/**
 * An alert as a JSON object for the API and the alert sinks: exactly what core's {@link
 * org.stormwatch.core.detect.AlertJson} writes for {@code stormwatch detect --format jsonl}, as a
 * map so that it nests in the API's answers.
 */
final class AlertJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};

  private AlertJson() {}

  static Map<String, Object> of(Alert a) {
    try {
      return MAPPER.readValue(org.stormwatch.core.detect.AlertJson.of(a), OBJECT);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("core wrote an alert that is not JSON: " + e.getMessage(), e);
    }
  }
}
