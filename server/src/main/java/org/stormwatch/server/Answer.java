package org.stormwatch.server;

import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer before it is written: status, JSON body, extra headers. */
record Answer(int status, Object body, Map<String, String> headers) {
  Answer {
    headers = Map.copyOf(headers);
  }

  static Answer ok(Object body) {
    return new Answer(200, body, Map.of());
  }

  /** An error with a one-line reason, {@code {"error": "..."}}. */
  static Answer error(int status, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", reason);
    return new Answer(status, body, Map.of());
  }

  Answer withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Answer(status, body, h);
  }
}
