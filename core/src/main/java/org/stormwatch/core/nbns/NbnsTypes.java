package org.stormwatch.core.nbns;

/**
 * Question and resource-record types and classes seen in NBNS (RFC 1002 section 4.2.1.2 and
 * 4.2.1.3). Types and classes are open sets: the decoder keeps any number; these constants only
 * give names to the ones RFC 1002 uses.
 */
public final class NbnsTypes {
  /** A: IPv4 address, in a redirect name query response. */
  public static final int A = 0x0001;

  /** NS: name server, in a redirect name query response. */
  public static final int NS = 0x0002;

  /** NULL: in a negative name query response. */
  public static final int NULL = 0x000a;

  /** NB: NetBIOS general name service resource record. */
  public static final int NB = 0x0020;

  /** NBSTAT: NetBIOS node status resource record. */
  public static final int NBSTAT = 0x0021;

  /** IN: the Internet class, the only one RFC 1002 uses. */
  public static final int CLASS_IN = 0x0001;

  private NbnsTypes() {}

  /** {@code NB}, {@code NBSTAT}, {@code A}, {@code NS}, {@code NULL}, or {@code type N}. */
  public static String typeName(int type) {
    switch (type) {
      case NB:
        return "NB";
      case NBSTAT:
        return "NBSTAT";
      case A:
        return "A";
      case NS:
        return "NS";
      case NULL:
        return "NULL";
      default:
        return "type " + type;
    }
  }

  /** {@code IN} or {@code class N}. */
  public static String className(int rrClass) {
    return rrClass == CLASS_IN ? "IN" : "class " + rrClass;
  }
}
