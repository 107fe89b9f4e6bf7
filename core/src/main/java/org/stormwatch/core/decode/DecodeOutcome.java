package org.stormwatch.core.decode;

/** What decoding one packet came to: a transport that may be a probe, or why it is none. */
public enum DecodeOutcome {
  TCP("tcp", false),
  UDP("udp", false),
  ICMP("icmp", false),
  NOT_IP("non-IP frame", false),
  UNKNOWN_LINK_TYPE("unknown link type", false),
  OTHER_PROTOCOL("other IP protocol", false),
  NON_FIRST_FRAGMENT("non-first IP fragment", false),
  TRUNCATED_LINK_HEADER("truncated link header", true),
  TRUNCATED_IP_HEADER("truncated IP header", true),
  CORRUPT_IP_HEADER("corrupt IP header", true),
  TRUNCATED_TRANSPORT_HEADER("truncated transport header", true),
  CORRUPT_LINK_HEADER("corrupt link header", true);

  private final String label;
  private final boolean malformed;

  DecodeOutcome(String label, boolean malformed) {
    this.label = label;
    this.malformed = malformed;
  }

  /** A short fixed phrase to count by. */
  public String label() {
    return label;
  }

  /** Whether the packet is damaged (as opposed to well-formed but of no interest). */
  public boolean malformed() {
    return malformed;
  }

  /** Whether the packet carries TCP, UDP or ICMP headers that were decoded. */
  public boolean transport() {
    return this == TCP || this == UDP || this == ICMP;
  }
}
