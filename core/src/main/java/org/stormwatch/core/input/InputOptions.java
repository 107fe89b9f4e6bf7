package org.stormwatch.core.input;

import org.stormwatch.core.logs.LogOptions;

/**
 * How inputs are read.
 *
 * @param sensor the sensor name recorded in every probe, or the empty string
 * @param logs how logs are read (format, year, zone, columns); the file's modification time is
 *     filled in per file
 */
public record InputOptions(String sensor, LogOptions logs) {
  public InputOptions {
    sensor = sensor == null ? "" : sensor;
    logs = logs == null ? LogOptions.defaults() : logs;
  }

  public InputOptions(String sensor) {
    this(sensor, LogOptions.defaults());
  }

  public static InputOptions defaults() {
    return new InputOptions("", LogOptions.defaults());
  }
}
