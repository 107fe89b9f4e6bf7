package org.stormwatch.core.nbns;

import java.util.List;
import java.util.Locale;

/** The RDATA of a resource record, decoded according to its type and the message's opcode. */
public sealed interface NbnsRdata {

  /**
   * NB: the addresses that own a name (RFC 1002 section 4.2.1.3, NB_FLAGS and NB_ADDRESS pairs).
   * Empty when RDLENGTH is 0.
   */
  record Addresses(List<NbAddress> entries) implements NbnsRdata {
    public Addresses {
      entries = List.copyOf(entries);
    }
  }

  /**
   * One NB_FLAGS and NB_ADDRESS pair.
   *
   * @param flags the 16-bit NB_FLAGS: G 0x8000 (group name), ONT 0x6000 (owner node type)
   * @param address the IPv4 address, big-endian
   */
  record NbAddress(int flags, int address) {
    public NbAddress {
      if (flags < 0 || flags > 0xffff) {
        throw new IllegalArgumentException("NB_FLAGS out of range 0..65535: " + flags);
      }
    }

    /** G: a group name (true) or a unique one. */
    public boolean group() {
      return (flags & 0x8000) != 0;
    }

    /** ONT, owner node type: 0 B-node, 1 P-node, 2 M-node, 3 H-node (Microsoft). */
    public int ownerNodeType() {
      return (flags >>> 13) & 0x3;
    }

    public String addressText() {
      return ((address >>> 24) & 0xff)
          + "."
          + ((address >>> 16) & 0xff)
          + "."
          + ((address >>> 8) & 0xff)
          + "."
          + (address & 0xff);
    }
  }

  /**
   * The RDATA of a WACK (wait for acknowledgement) response: a copy of the flags word of the
   * request being acknowledged (RFC 1002 section 4.2.16).
   */
  record WackFlags(int flags) implements NbnsRdata {
    public WackFlags {
      if (flags < 0 || flags > 0xffff) {
        throw new IllegalArgumentException("WACK flags out of range 0..65535: " + flags);
      }
    }
  }

  /**
   * NBSTAT: a node status response (RFC 1002 section 4.2.18): the node's name table, then the
   * statistics, whose first 6 bytes are the unit id (the MAC address).
   */
  final class NodeStatus implements NbnsRdata {
    private final List<NodeName> names;
    private final byte[] statistics;

    public NodeStatus(List<NodeName> names, byte[] statistics) {
      this.names = List.copyOf(names);
      this.statistics = statistics.clone();
    }

    public List<NodeName> names() {
      return names;
    }

    /** The statistics bytes (a copy), starting with the unit id; RFC 1002 specifies 46 bytes. */
    public byte[] statistics() {
      return statistics.clone();
    }

    /** The unit id as a MAC address ({@code 00:0c:29:1a:2b:3c}), or empty when too short. */
    public String unitId() {
      if (statistics.length < 6) {
        return "";
      }
      StringBuilder sb = new StringBuilder(17);
      for (int i = 0; i < 6; i++) {
        if (i > 0) {
          sb.append(':');
        }
        sb.append(String.format(Locale.ROOT, "%02x", statistics[i] & 0xff));
      }
      return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof NodeStatus
          && names.equals(((NodeStatus) o).names)
          && java.util.Arrays.equals(statistics, ((NodeStatus) o).statistics);
    }

    @Override
    public int hashCode() {
      return 31 * names.hashCode() + java.util.Arrays.hashCode(statistics);
    }

    @Override
    public String toString() {
      return "NodeStatus[names=" + names + ", unitId=" + unitId() + "]";
    }
  }

  /**
   * One entry of a node status name table.
   *
   * @param flags the 16-bit NAME_FLAGS
   */
  record NodeName(NbnsName name, int flags) {
    public NodeName {
      if (name == null) {
        throw new IllegalArgumentException("node name is required");
      }
      if (flags < 0 || flags > 0xffff) {
        throw new IllegalArgumentException("NAME_FLAGS out of range 0..65535: " + flags);
      }
    }

    /** G 0x8000: a group name. */
    public boolean group() {
      return (flags & 0x8000) != 0;
    }

    /** ONT 0x6000: owner node type, 0 B-node, 1 P-node, 2 M-node, 3 H-node. */
    public int ownerNodeType() {
      return (flags >>> 13) & 0x3;
    }

    /** DRG 0x1000: the name is being deregistered. */
    public boolean deregistering() {
      return (flags & 0x1000) != 0;
    }

    /** CNF 0x0800: the name is in conflict. */
    public boolean conflict() {
      return (flags & 0x0800) != 0;
    }

    /** ACT 0x0400: the name is active. */
    public boolean active() {
      return (flags & 0x0400) != 0;
    }

    /** PRM 0x0200: the permanent node name. */
    public boolean permanent() {
      return (flags & 0x0200) != 0;
    }
  }

  /** Any other type (A, NS, NULL, unknown numbers): only the length is kept. */
  record Opaque(int length) implements NbnsRdata {}
}
