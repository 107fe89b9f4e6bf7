package org.stormwatch.core.detect;

/** The packet features that explanations compare, with the name used in outputs. */
public enum Feature {
  /** Source-port class: equal to the port, below 1024, 1024-4999, 5000 and up. */
  SOURCE_PORT("source_port"),
  /** TCP flags as text ({@code SYN}, {@code FIN,PSH,URG}, {@code NULL}); TCP only. */
  TCP_FLAGS("tcp_flags"),
  /** IP total length in bytes, or {@code unknown}. */
  IP_LENGTH("ip_length"),
  /** TTL band: {@code <=32}, {@code 33-64}, {@code 65-128}, {@code 129-255}, {@code unknown}. */
  TTL("ttl"),
  /** NBNS broadcast bit: {@code set} or {@code clear} (decoded payloads only). */
  NBNS_BROADCAST("nbns_broadcast"),
  /** NBNS question type: {@code NB}, {@code NBSTAT}, {@code 0x....} or {@code none}. */
  NBNS_QUERY_TYPE("nbns_query_type"),
  /** NBNS first question name as Wireshark shows it, the wildcard as {@code *}, or {@code none}. */
  NBNS_NAME("nbns_name"),
  /** NBNS forged-lookup verdict: {@code forged} or {@code not forged} (decoded payloads only). */
  NBNS_FORGED("nbns_forged"),
  /** From log lines only: the length of a wildcard NBSTAT request, {@code yes} or {@code no}. */
  NBNS_PROBABLE_WILDCARD("nbns_probable_wildcard_nbstat");

  private final String label;

  Feature(String label) {
    this.label = label;
  }

  /** The name in machine outputs, e.g. {@code source_port}. */
  public String label() {
    return label;
  }
}
