package org.stormwatch.core.nbns;

import java.util.function.Consumer;
import org.stormwatch.core.capture.PacketSink;
import org.stormwatch.core.decode.DecodeOutcome;
import org.stormwatch.core.decode.DecodedPacket;
import org.stormwatch.core.decode.PacketDecoder;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.Protocol;

/**
 * Finds the NBNS messages in captured packets: UDP datagrams from or to port 137 (one message each)
 * and TCP segments from or to port 137 with data (each whole length-prefixed message in the
 * segment; segments are not reassembled). Every packet is counted once: as one carrying NBNS (a
 * "probe" in {@link ReadStats}' terms, since it is what was asked for), as no NBNS, or malformed at
 * the link or IP layer.
 */
public final class NbnsPacketScanner implements PacketSink {
  public static final String NO_NBNS = "no NBNS";

  private final String name;
  private final ReadStats stats;
  private final Consumer<NbnsObservation> consumer;
  private final DecodedPacket decoded = new DecodedPacket();
  private long packetNumber;

  public NbnsPacketScanner(String name, ReadStats stats, Consumer<NbnsObservation> consumer) {
    this.name = name;
    this.stats = stats;
    this.consumer = consumer;
  }

  @Override
  public void packet(
      int linkType,
      long timeNanos,
      byte[] data,
      int offset,
      int length,
      int originalLength,
      long recordOffset) {
    packetNumber++;
    DecodeOutcome outcome = PacketDecoder.decode(linkType, data, offset, length, decoded);
    if (outcome.malformed()) {
      stats.malformed(
          name + ": packet " + packetNumber + " at offset " + recordOffset, outcome.label(), null);
      return;
    }
    boolean port137 =
        decoded.srcPort == NbnsFingerprint.NBNS_PORT
            || decoded.dstPort == NbnsFingerprint.NBNS_PORT;
    if (outcome == DecodeOutcome.UDP && port137) {
      NbnsDecodeResult result =
          NbnsDecoder.decode(data, decoded.payloadOffset, decoded.payloadLength);
      emit(timeNanos, Protocol.UDP, result);
      stats.probe();
      return;
    }
    if (outcome == DecodeOutcome.TCP && port137 && decoded.payloadLength > 0) {
      var results =
          NbnsDecoder.decodeTcp(data, decoded.payloadOffset, decoded.payloadLength).messages();
      for (NbnsDecodeResult result : results) {
        emit(timeNanos, Protocol.TCP, result);
      }
      if (results.isEmpty()) {
        stats.notProbe(NO_NBNS);
      } else {
        stats.probe();
      }
      return;
    }
    stats.notProbe(NO_NBNS);
  }

  private void emit(long timeNanos, Protocol protocol, NbnsDecodeResult result) {
    NbnsFeatures features =
        NbnsFingerprint.of(
            result, protocol, decoded.srcPort, decoded.dstHi, decoded.dstLo, decoded.dstPort);
    consumer.accept(
        new NbnsObservation(
            timeNanos,
            decoded.srcHi,
            decoded.srcLo,
            decoded.srcPort,
            decoded.dstHi,
            decoded.dstLo,
            decoded.dstPort,
            protocol,
            result,
            features));
  }
}
