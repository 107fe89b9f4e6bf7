package org.stormwatch.core.logs;

import java.util.Locale;

/**
 * The log formats, by the name {@code --input-format} takes. {@link FormatDetector} tells them
 * apart from the first lines of a file; {@link LogInputs} opens a reader for each.
 */
enum LogFormat {
  NETFILTER(
      "netfilter",
      "netfilter LOG lines (iptables, ip6tables, nftables) via syslog, journalctl or the DShield sensor"),
  DSHIELD("dshield", "DShield legacy tab-separated submission lines"),
  DSHIELD_JSON("dshield-json", "DShield sensor JSON {\"type\":\"firewall\",\"logs\":[...]}"),
  CISCO("cisco", "Cisco ASA / PIX / FTD deny messages, with or without a syslog header"),
  PFIREWALL("pfirewall", "Windows Firewall pfirewall.log (W3C extended)"),
  PF("pf", "OpenBSD pf: tcpdump -n -e -ttt -r pflog0 text, also relayed by syslog"),
  ZEEK("zeek", "Zeek conn.log, TSV with #fields or JSON lines"),
  SURICATA("suricata", "Suricata eve.json flow and alert events"),
  CSV("csv", "generic CSV/TSV with --columns (or a header naming them)");

  private final String label;
  private final String description;

  LogFormat(String label, String description) {
    this.label = label;
    this.description = description;
  }

  String label() {
    return label;
  }

  String description() {
    return description;
  }

  /** The format of a name, any case, or {@code null}. */
  static LogFormat byName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (LogFormat f : values()) {
      if (f.label.equals(n)) {
        return f;
      }
    }
    return null;
  }
}
