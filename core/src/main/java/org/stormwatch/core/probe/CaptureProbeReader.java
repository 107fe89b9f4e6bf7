package org.stormwatch.core.probe;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.stormwatch.core.capture.CaptureReader;
import org.stormwatch.core.decode.DecodeOutcome;
import org.stormwatch.core.decode.DecodedPacket;
import org.stormwatch.core.decode.PacketDecoder;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.ProbeReader;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.ProbeSink;
import org.stormwatch.core.model.Protocol;

/**
 * Turns a capture into probes: each packet is decoded, classified and counted exactly once as a
 * probe, not a probe (with the reason) or malformed (with the reason and its offset).
 */
public final class CaptureProbeReader implements ProbeReader {
  private final String name;
  private final CaptureReader capture;
  private final ProbeClassifier classifier;
  private final ContactListener replies;

  public CaptureProbeReader(String name, CaptureReader capture, ProbeClassifier classifier) {
    this(name, capture, classifier, null);
  }

  /**
   * @param replies also told of every reply (TCP with ACK or RST, UDP reply), or {@code null}
   */
  public CaptureProbeReader(
      String name, CaptureReader capture, ProbeClassifier classifier, ContactListener replies) {
    this.name = name;
    this.capture = capture;
    this.classifier = classifier;
    this.replies = replies;
  }

  @Override
  public void read(ProbeSink sink, ReadStats stats) throws IOException, InputException {
    DecodedPacket decoded = new DecodedPacket();
    Set<Integer> unknownLinkTypes = new HashSet<>();
    long[] packetNumber = {0};
    capture.read(
        (linkType, time, data, offset, length, originalLength, recordOffset) -> {
          packetNumber[0]++;
          DecodeOutcome outcome = PacketDecoder.decode(linkType, data, offset, length, decoded);
          if (outcome.malformed()) {
            stats.malformed(
                name + ": packet " + packetNumber[0] + " at offset " + recordOffset,
                outcome.label(),
                null);
            return;
          }
          if (outcome == DecodeOutcome.UNKNOWN_LINK_TYPE && unknownLinkTypes.add(linkType)) {
            stats.warn(
                name
                    + ": link type "
                    + linkType
                    + " is not supported; its packets are counted, not decoded");
          }
          Protocol protocol = classifier.probeProtocol(outcome, decoded, time);
          if (protocol == null) {
            String reason = classifier.reason();
            stats.notProbe(reason);
            if (replies != null) {
              tellReply(reason, decoded, time);
            }
            return;
          }
          stats.probe();
          classifier.emit(protocol, decoded, data, time, sink);
        },
        stats);
  }

  private void tellReply(String reason, DecodedPacket p, long time) {
    boolean tcp = reason.equals(ProbeClassifier.TCP_ACK) || reason.equals(ProbeClassifier.TCP_RST);
    if (tcp || reason.equals(ProbeClassifier.UDP_REPLY)) {
      replies.reply(
          time,
          p.srcHi,
          p.srcLo,
          p.srcPort,
          p.dstHi,
          p.dstLo,
          p.dstPort,
          tcp ? Protocol.TCP : Protocol.UDP,
          tcp ? p.tcpFlags : -1);
    }
  }
}
