package org.stormwatch.core.input;

/**
 * How inputs are read.
 *
 * @param sensor the sensor name recorded in every probe, or the empty string
 */
public record InputOptions(String sensor) {
  public InputOptions {
    sensor = sensor == null ? "" : sensor;
  }

  public static InputOptions defaults() {
    return new InputOptions("");
  }
}
