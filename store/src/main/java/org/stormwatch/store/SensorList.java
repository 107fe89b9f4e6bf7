package org.stormwatch.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The sensors of a source-activity row: sorted names, one a line (names hold no line breaks). */
final class SensorList {
  private SensorList() {}

  static String format(Collection<String> sorted) {
    return String.join("\n", sorted);
  }

  static List<String> parse(String text) {
    List<String> out = new ArrayList<>();
    if (text.isEmpty()) {
      return out;
    }
    for (String s : text.split("\n", -1)) {
      out.add(s);
    }
    return out;
  }
}
