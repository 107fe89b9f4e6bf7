package org.stormwatch.core.model;

import java.util.Locale;

/**
 * The transport protocols that a probe can use. ICMPv6 echo requests are counted as {@link #ICMP}.
 */
public enum Protocol {
  TCP,
  UDP,
  ICMP;

  /** The lower-case name used in every output format: {@code tcp}, {@code udp}, {@code icmp}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a protocol name as users and logs write it (case-insensitive, {@code icmpv6} and {@code
   * ipv6-icmp} included).
   *
   * @throws IllegalArgumentException naming the value when it is no known protocol
   */
  public static Protocol parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "tcp":
      case "6":
        return TCP;
      case "udp":
      case "17":
        return UDP;
      case "icmp":
      case "1":
      case "icmpv6":
      case "ipv6-icmp":
      case "icmp6":
      case "58":
        return ICMP;
      default:
        throw new IllegalArgumentException(
            "unknown protocol '" + text + "' (expected tcp, udp or icmp)");
    }
  }
}
