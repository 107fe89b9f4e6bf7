package org.stormwatch.core.nbns;

import java.util.List;
import org.stormwatch.core.model.ProbeFeatures;

/**
 * What a port-137 probe showed of NBNS, for port activity to keep histograms of and for the
 * explainer to name. Made by {@link NbnsFingerprint}; see there for the rules.
 *
 * @param source whether the features come from a payload or only from a logged length
 * @param response the R bit (false when unknown)
 * @param opcode 0 to 15, or -1 when unknown
 * @param broadcastFlag the B bit (0x0010) of the header (false when unknown)
 * @param questionType the first question's type (0x20 NB, 0x21 NBSTAT), or -1 when none or unknown
 * @param firstName the first question's name as Wireshark shows it, or null when none or unknown
 * @param wildcardNodeStatus a question asks for the node status (NBSTAT) of the wildcard {@code *}
 * @param highSourcePort the source port is 1025 or higher (legitimate lookups come from 137)
 * @param broadcastDestination the destination looks like a broadcast address (255.255.255.255 or
 *     ending in .255; the capture does not know the netmask)
 * @param forged the 2002 signature: a request to port 137 over UDP with the broadcast flag, sent to
 *     a unicast address, from source port 1025 or higher
 * @param probableWildcardNodeStatus from a log line only: UDP length 58 (IP length 78) to port 137,
 *     the length of a wildcard NBSTAT request, but also of any one-question name query
 * @param malformed the malformed reason's phrase when the payload did not decode, else null
 * @param reasons short phrases naming each notable feature, for the explainer
 */
public record NbnsFeatures(
    Source source,
    boolean response,
    int opcode,
    boolean broadcastFlag,
    int questionType,
    String firstName,
    boolean wildcardNodeStatus,
    boolean highSourcePort,
    boolean broadcastDestination,
    boolean forged,
    boolean probableWildcardNodeStatus,
    String malformed,
    List<String> reasons)
    implements ProbeFeatures {

  /** Where the features come from. */
  public enum Source {
    /** A decoded (or partly decoded) NBNS payload. */
    PAYLOAD,
    /** Only the lengths a log line gives: a weaker kind of evidence. */
    LENGTH_ONLY
  }

  public static final String BROADCAST_FLAG_ON_UNICAST = "broadcast flag on unicast request";
  public static final String HIGH_SOURCE_PORT = "source port >= 1025";
  public static final String WILDCARD_NBSTAT = "wildcard NBSTAT query";
  public static final String FORGED =
      "forged lookup (broadcast flag, unicast, source port >= 1025)";
  public static final String PROBABLE_WILDCARD_NBSTAT = "probable wildcard NBSTAT (length only)";
  public static final String MALFORMED_PREFIX = "malformed NBNS: ";

  public NbnsFeatures {
    if (source == null) {
      throw new IllegalArgumentException("source is required");
    }
    if (opcode < -1 || opcode > 15) {
      throw new IllegalArgumentException("opcode out of range -1..15: " + opcode);
    }
    if (questionType < -1 || questionType > 0xffff) {
      throw new IllegalArgumentException("question type out of range -1..65535: " + questionType);
    }
    reasons = List.copyOf(reasons);
  }

  /** Whether the features were read from a payload (true) or guessed from a length. */
  public boolean fromPayload() {
    return source == Source.PAYLOAD;
  }
}
