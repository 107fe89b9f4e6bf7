package org.stormwatch.core.sim;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scanning a sensor network sees every day, outbreak or not.
 *
 * @param sensorNetwork the first address of the sensor network (IPv4, big-endian int): every
 *     probe's target lies in it, so targets are bounded
 * @param sensorPrefix its prefix length, 8 to 24; targets ending in .0 or .255 are never used
 * @param probesPerDay mean probes a day on the busy ports, before the cycles modulate it
 * @param busyPorts the busy ports by rank: rank r gets a share proportional to {@code 1/r^s}
 * @param portZipf the exponent {@code s} of that Zipf spread
 * @param quietPorts ports that see {@code quietProbesPerWeek} each, from the same population
 * @param quietProbesPerWeek mean probes a week on each quiet port
 * @param sources how many background sources there are
 * @param sourceZipf the Zipf exponent over sources: a few send many probes
 * @param diurnalAmplitude the rate is {@code 1 + a cos(2 pi (h - peakHour) / 24)} times the mean,
 *     {@code a} in [0, 1)
 * @param peakHourUtc the hour (UTC) of the daily peak
 * @param weekendFactor Saturday's and Sunday's rate relative to a weekday's (weekly mean kept)
 * @param heavyScansPerDay mean scan sessions a day by heavy hitters: horizontal sweeps of one busy
 *     port over many targets, or vertical scans of every busy TCP port on one target
 * @param heavyScanners how many heavy-hitter addresses there are (they come back)
 * @param nbnsLookupsPerDay legitimate NBNS lookups a day on 137/udp: from port 137, no broadcast
 *     flag (name queries and node status queries of one host)
 */
public record Background(
    int sensorNetwork,
    int sensorPrefix,
    double probesPerDay,
    List<ServicePort> busyPorts,
    double portZipf,
    List<ServicePort> quietPorts,
    double quietProbesPerWeek,
    int sources,
    double sourceZipf,
    double diurnalAmplitude,
    int peakHourUtc,
    double weekendFactor,
    double heavyScansPerDay,
    int heavyScanners,
    double nbnsLookupsPerDay) {
  /** The sources' address space, 64.0.0.0/3: the sensor network must lie outside it. */
  static final int SOURCE_SPACE = 0x4000_0000;

  static final int SOURCE_SPACE_BITS = 29;

  public Background {
    if (sensorPrefix < 8 || sensorPrefix > 24) {
      throw new IllegalArgumentException("sensor prefix must be 8 to 24, not " + sensorPrefix);
    }
    int mask = -1 << (32 - sensorPrefix);
    if ((sensorNetwork & ~mask) != 0) {
      throw new IllegalArgumentException("sensor network has host bits set for /" + sensorPrefix);
    }
    // A /8 or longer lies inside one /3: it overlaps the sources' exactly when its top bits match.
    if ((sensorNetwork >>> SOURCE_SPACE_BITS) == (SOURCE_SPACE >>> SOURCE_SPACE_BITS)) {
      throw new IllegalArgumentException("sensor network overlaps the sources' 64.0.0.0/3");
    }
    checkRate(probesPerDay, "probes per day");
    checkRate(quietProbesPerWeek, "quiet probes per week");
    checkRate(heavyScansPerDay, "heavy scans per day");
    checkRate(nbnsLookupsPerDay, "NBNS lookups per day");
    busyPorts = List.copyOf(busyPorts);
    quietPorts = List.copyOf(quietPorts);
    if (busyPorts.isEmpty()) {
      throw new IllegalArgumentException("at least one busy port is required");
    }
    Set<ServicePort> seen = new HashSet<>();
    for (ServicePort p : busyPorts) {
      if (!seen.add(p)) {
        throw new IllegalArgumentException("busy port listed twice: " + p);
      }
    }
    for (ServicePort p : quietPorts) {
      if (!seen.add(p)) {
        throw new IllegalArgumentException("quiet port also busy or listed twice: " + p);
      }
    }
    if (!(portZipf >= 0 && portZipf <= 4) || !(sourceZipf >= 0 && sourceZipf <= 4)) {
      throw new IllegalArgumentException(
          "Zipf exponents must be 0 to 4, not " + portZipf + " and " + sourceZipf);
    }
    if (sources < 1 || sources > 10_000_000) {
      throw new IllegalArgumentException("sources must be 1 to 10,000,000, not " + sources);
    }
    if (heavyScanners < 1 || heavyScanners > 100_000) {
      throw new IllegalArgumentException(
          "heavy scanners must be 1 to 100,000, not " + heavyScanners);
    }
    if (!(diurnalAmplitude >= 0 && diurnalAmplitude < 1)) {
      throw new IllegalArgumentException(
          "diurnal amplitude must be in [0, 1), not " + diurnalAmplitude);
    }
    if (peakHourUtc < 0 || peakHourUtc > 23) {
      throw new IllegalArgumentException("peak hour must be 0 to 23, not " + peakHourUtc);
    }
    if (!(weekendFactor > 0 && weekendFactor <= 10)) {
      throw new IllegalArgumentException("weekend factor must be in (0, 10], not " + weekendFactor);
    }
  }

  private static void checkRate(double value, String what) {
    if (!(value >= 0) || value > 1e10) {
      throw new IllegalArgumentException(what + " must be 0 to 1e10, not " + value);
    }
  }

  /** How many addresses the sensor network holds. */
  long sensorSize() {
    return 1L << (32 - sensorPrefix);
  }

  /** The sensor network as text, {@code 172.16.0.0/16}. */
  public String sensorCidr() {
    return ((sensorNetwork >>> 24) & 0xff)
        + "."
        + ((sensorNetwork >>> 16) & 0xff)
        + "."
        + ((sensorNetwork >>> 8) & 0xff)
        + "."
        + (sensorNetwork & 0xff)
        + "/"
        + sensorPrefix;
  }
}
