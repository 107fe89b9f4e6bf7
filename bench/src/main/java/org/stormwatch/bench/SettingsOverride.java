package org.stormwatch.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.stormwatch.core.detect.DetectionSettings;

/** Detection settings with some components replaced by name: {@code minScore=4,minRise=1.5}. */
final class SettingsOverride {
  private SettingsOverride() {}

  static DetectionSettings apply(DetectionSettings base, String overrides) {
    RecordComponent[] components = DetectionSettings.class.getRecordComponents();
    Object[] values = new Object[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        values[i] = components[i].getAccessor().invoke(base);
      }
      for (String pair : overrides.split(",")) {
        String[] kv = pair.split("=", 2);
        int i = indexOf(components, kv[0]);
        Class<?> type = components[i].getType();
        // not a conditional expression: it would promote all three boxes to double
        if (type == int.class) {
          values[i] = Integer.valueOf(kv[1]);
        } else if (type == long.class) {
          values[i] = Long.valueOf(kv[1]);
        } else {
          values[i] = Double.valueOf(kv[1]);
        }
      }
      Constructor<DetectionSettings> canonical =
          DetectionSettings.class.getDeclaredConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      return canonical.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot apply settings " + overrides + ": " + e, e);
    }
  }

  private static int indexOf(RecordComponent[] components, String name) {
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no detection setting named " + name);
  }
}
