package org.stormwatch.core.nbns;

/**
 * One resource record of the answer, authority or additional section (RFC 1002 section 4.2.1.3).
 *
 * @param type RR_TYPE, 0 to 65535
 * @param rrClass RR_CLASS, 0 to 65535
 * @param ttl TTL in seconds, 0 to 2^32-1
 * @param rdLength RDLENGTH in bytes, 0 to 65535
 * @param data RDATA as decoded for its type
 */
public record NbnsResourceRecord(
    NbnsName name, int type, int rrClass, long ttl, int rdLength, NbnsRdata data) {
  public NbnsResourceRecord {
    if (name == null || data == null) {
      throw new IllegalArgumentException("record name and data are required");
    }
    if (type < 0 || type > 0xffff || rrClass < 0 || rrClass > 0xffff) {
      throw new IllegalArgumentException(
          "record type or class out of range 0..65535: " + type + ", " + rrClass);
    }
    if (ttl < 0 || ttl > 0xffff_ffffL) {
      throw new IllegalArgumentException("TTL out of range 0..2^32-1: " + ttl);
    }
    if (rdLength < 0 || rdLength > 0xffff) {
      throw new IllegalArgumentException("RDLENGTH out of range 0..65535: " + rdLength);
    }
  }

  /**
   * The record's name as Wireshark's {@code nbns.name} shows it: for NB records the suffix
   * description is appended in parentheses ({@code FILESRV<20> (Server service)}).
   */
  public String wiresharkName() {
    return type == NbnsTypes.NB ? name + " (" + name.suffixDescription() + ")" : name.toString();
  }
}
