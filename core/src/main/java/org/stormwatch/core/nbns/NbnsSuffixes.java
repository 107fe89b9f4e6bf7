package org.stormwatch.core.nbns;

/**
 * Descriptions of NetBIOS name suffixes, the table of Wireshark's NetBIOS dissector ({@code
 * nb_name_type_vals} in packet-netbios.c), so that record names print as tshark prints them.
 */
final class NbnsSuffixes {
  private static final String[] DESCRIPTIONS = new String[256];

  static {
    put(0x00, "Workstation/Redirector");
    put(0x01, "Browser");
    put(0x02, "Workstation/Redirector");
    put(0x03, "Messenger service/Main name");
    put(0x05, "Forwarded name");
    put(0x06, "RAS Server service");
    put(0x1b, "Domain Master Browser");
    put(0x1c, "Domain Controllers");
    put(0x1d, "Local Master Browser");
    put(0x1e, "Browser Election Service");
    put(0x1f, "Net DDE Service");
    put(0x20, "Server service");
    put(0x21, "RAS client service");
    put(0x22, "Exchange Interchange (MSMail Connector)");
    put(0x23, "Exchange Store");
    put(0x24, "Exchange Directory");
    put(0x2b, "Lotus Notes Server service");
    put(0x30, "Modem sharing server service");
    put(0x31, "Modem sharing client service");
    put(0x43, "SMS Clients Remote Control");
    put(0x44, "SMS Administrators Remote Control Tool");
    put(0x45, "SMS Clients Remote Chat");
    put(0x46, "SMS Clients Remote Transfer");
    put(0x4c, "DEC Pathworks TCP/IP Service on Windows NT");
    put(0x52, "DEC Pathworks TCP/IP Service on Windows NT");
    put(0x6a, "Microsoft Exchange IMC");
    put(0x87, "Microsoft Exchange MTA");
    put(0xbe, "Network Monitor Agent");
    put(0xbf, "Network Monitor Analyzer");
  }

  private NbnsSuffixes() {}

  private static void put(int suffix, String description) {
    DESCRIPTIONS[suffix] = description;
  }

  static String describe(int suffix) {
    if (suffix < 0 || suffix > 0xff || DESCRIPTIONS[suffix] == null) {
      return "Unknown";
    }
    return DESCRIPTIONS[suffix];
  }
}
