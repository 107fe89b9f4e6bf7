package org.stormwatch.core.nbns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.testing.Ci;
import org.stormwatch.core.testing.ExternalTool;

/**
 * Real clients against a socket on 127.0.0.1:137: Samba's nmblookup (Debian samba-common-bin) and
 * nbtscan send their queries, the test receives each datagram, decodes it with {@link NbnsDecoder}
 * and fingerprints it with {@link NbnsFingerprint} as a probe to 127.0.0.1 from the real source
 * port.
 *
 * <p>What they send (nmblookup 4.17, nbtscan 1.7.2): every query comes from an ephemeral source
 * port, even with nmblookup's {@code -r} (Samba 4 then opens a socket on 137 but sends the query
 * from another); a name is queried with suffix {@code <00>} unless given as {@code NAME#20}; RD is
 * set only with {@code --recursion} (in Samba 4 {@code -R} is {@code --name-resolve}). A unicast
 * query ({@code -U}, {@code -A}) has no B flag. {@code nmblookup -B 127.0.0.1} and nbtscan set the
 * B flag on a query to a unicast address from a high port: real clients that make the 2002 forged
 * signature.
 *
 * <p>Binding port 137 needs root (CI runs as root): outside CI the test is skipped when it cannot
 * bind, in CI it fails. Each client is killed once its first datagram (or, for the retransmission
 * check, its second) has arrived, and the socket is drained before the next one starts.
 */
class NbnsRealClientTest {
  private static final int NBNS_PORT = 137;
  private static final long RECEIVE_TIMEOUT_MS = 5000;
  private static final String WILDCARD =
      "*<00><00><00><00><00><00><00><00><00><00><00><00><00><00><00>";
  private static final long[] LOOPBACK = IpAddresses.parse("127.0.0.1");

  private static DatagramSocket socket;

  @BeforeAll
  static void bindPort137() throws IOException {
    DatagramSocket s = new DatagramSocket(null);
    // nmblookup -r binds 0.0.0.0:137 with SO_REUSEADDR; both sockets need it to coexist. The more
    // specific binding (127.0.0.1) still receives the datagrams sent to 127.0.0.1.
    s.setReuseAddress(true);
    try {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), NBNS_PORT));
    } catch (BindException e) {
      s.close();
      String message = "cannot bind 127.0.0.1:" + NBNS_PORT + " (" + e.getMessage() + ")";
      if (Ci.isCi()) {
        fail(message + ", but CI runs as root with the port free");
      }
      assumeTrue(false, message + ": needs root and a free port 137; test skipped");
    }
    socket = s;
  }

  @AfterAll
  static void close() {
    if (socket != null) {
      socket.close();
    }
  }

  /** One datagram as the socket received it. */
  private static final class Received {
    final byte[] payload;
    final InetAddress source;
    final int sourcePort;

    Received(byte[] payload, InetAddress source, int sourcePort) {
      this.payload = payload;
      this.source = source;
      this.sourcePort = sourcePort;
    }

    NbnsMessage message() {
      NbnsDecodeResult result = NbnsDecoder.decode(payload, 0, payload.length);
      assertThat(result).as("decode of %s", hex()).isInstanceOf(NbnsDecodeResult.Decoded.class);
      NbnsDecodeResult.Decoded decoded = (NbnsDecodeResult.Decoded) result;
      assertThat(decoded.length()).as("bytes used").isEqualTo(payload.length);
      return decoded.message();
    }

    NbnsFeatures features() {
      return NbnsFingerprint.ofUdpPayload(
          payload, 0, payload.length, sourcePort, LOOPBACK[0], LOOPBACK[1], NBNS_PORT);
    }

    String hex() {
      return HexFormat.of().formatHex(payload);
    }
  }

  /** Runs the client until {@code count} datagrams have arrived, then kills it. */
  private static List<Received> run(int count, Path tool, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(tool.toString());
    command.addAll(Arrays.asList(args));
    Path output = Files.createTempFile("nbns-client", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    List<Received> received = new ArrayList<>();
    try {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECEIVE_TIMEOUT_MS);
      byte[] buf = new byte[1500];
      while (received.size() < count) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new SocketTimeoutException();
        }
        socket.setSoTimeout((int) left);
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        socket.receive(packet);
        received.add(
            new Received(
                Arrays.copyOfRange(
                    packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength()),
                packet.getAddress(),
                packet.getPort()));
      }
    } catch (SocketTimeoutException e) {
      process.destroyForcibly();
      process.waitFor(2, TimeUnit.SECONDS);
      fail(
          String.join(" ", command)
              + " sent "
              + received.size()
              + " of "
              + count
              + " datagrams within "
              + RECEIVE_TIMEOUT_MS
              + " ms; its output:\n"
              + Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
      boolean ended = process.waitFor(2, TimeUnit.SECONDS);
      assertThat(ended).as("%s ended after being killed", command).isTrue();
      drain();
      Files.deleteIfExists(output);
    }
    return received;
  }

  /** Drops what a killed client sent after the datagrams the test wanted. */
  private static void drain() throws IOException {
    socket.setSoTimeout(50);
    byte[] buf = new byte[1500];
    try {
      for (; ; ) {
        socket.receive(new DatagramPacket(buf, buf.length));
      }
    } catch (SocketTimeoutException e) {
      // empty now
    }
  }

  private static Received first(Path tool, String... args)
      throws IOException, InterruptedException {
    return run(1, tool, args).get(0);
  }

  /** A request (R clear) with opcode 0 query, one question and no records, from 127.0.0.1. */
  private static NbnsQuestion assertQuery(Received r, boolean rd, boolean b) {
    assertThat(r.source).isEqualTo(InetAddress.getLoopbackAddress());
    NbnsMessage m = r.message();
    NbnsHeader h = m.header();
    assertThat(h.response()).as("R").isFalse();
    assertThat(h.opcode()).isEqualTo(NbnsOpcode.QUERY);
    assertThat(h.recursionDesired()).as("RD").isEqualTo(rd);
    assertThat(h.broadcast()).as("B").isEqualTo(b);
    assertThat(h.authoritative()).as("AA").isFalse();
    assertThat(h.truncation()).as("TC").isFalse();
    assertThat(h.recursionAvailable()).as("RA").isFalse();
    assertThat(h.rcode()).as("RCODE").isZero();
    assertThat(h.flags()).isEqualTo((rd ? 0x0100 : 0) | (b ? 0x0010 : 0));
    assertThat(h.id()).isBetween(0, 0xffff);
    assertThat(h.questionCount()).isEqualTo(1);
    assertThat(h.answerCount()).isZero();
    assertThat(h.authorityCount()).isZero();
    assertThat(h.additionalCount()).isZero();
    assertThat(r.payload).as("a one-question request without scope").hasSize(50);
    NbnsQuestion q = m.firstQuestion();
    assertThat(q.questionClass()).isEqualTo(NbnsTypes.CLASS_IN);
    assertThat(q.name().scope()).isEmpty();
    return q;
  }

  @Test
  void nmblookupUnicastNameQueryWithRecursion() throws Exception {
    Path nmblookup = ExternalTool.require("nmblookup", "samba-common-bin");
    // Two datagrams: the query and its retransmission one second later.
    List<Received> sent = run(2, nmblookup, "-U", "127.0.0.1", "--recursion", "StormWatch");
    Received r = sent.get(0);
    NbnsQuestion q = assertQuery(r, true, false);
    assertThat(q.type()).isEqualTo(NbnsTypes.NB);
    // Upper-cased, padded with spaces, suffix 0x00 (not <20>).
    assertThat(q.name().toString()).isEqualTo("STORMWATCH<00>");
    assertThat(q.name().suffix()).isZero();
    assertThat(r.sourcePort).as("ephemeral source port").isGreaterThanOrEqualTo(1025);
    Received again = sent.get(1);
    assertThat(again.sourcePort).as("retransmission source port").isEqualTo(r.sourcePort);
    assertThat(again.message().header().id())
        .as("retransmission transaction id")
        .isEqualTo(r.message().header().id());
    assertThat(again.payload).isEqualTo(r.payload);

    NbnsFeatures f = r.features();
    assertThat(f.forged()).isFalse();
    assertThat(f.broadcastFlag()).isFalse();
    assertThat(f.highSourcePort()).isTrue();
    assertThat(f.broadcastDestination()).isFalse();
    assertThat(f.wildcardNodeStatus()).isFalse();
    assertThat(f.questionType()).isEqualTo(NbnsTypes.NB);
    assertThat(f.firstName()).isEqualTo("STORMWATCH<00>");
    assertThat(f.reasons()).containsExactly(NbnsFeatures.HIGH_SOURCE_PORT);
  }

  @Test
  void nmblookupUnicastWithoutRecursionAndWithSuffix() throws Exception {
    Path nmblookup = ExternalTool.require("nmblookup", "samba-common-bin");
    Received r = first(nmblookup, "-U", "127.0.0.1", "STORMWATCH#20");
    NbnsQuestion q = assertQuery(r, false, false);
    assertThat(q.type()).isEqualTo(NbnsTypes.NB);
    assertThat(q.name().toString()).isEqualTo("STORMWATCH<20>");
    assertThat(r.sourcePort).isGreaterThanOrEqualTo(1025);
    assertThat(r.features().reasons()).containsExactly(NbnsFeatures.HIGH_SOURCE_PORT);
  }

  @Test
  void nmblookupRootPortOptionStillQueriesFromAHighPort() throws Exception {
    Path nmblookup = ExternalTool.require("nmblookup", "samba-common-bin");
    // -r ("use root port 137") opens a socket on 137 in Samba 4, but name_query sends from its
    // own ephemeral socket: the query still comes from a high port.
    Received r = first(nmblookup, "-r", "-U", "127.0.0.1", "STORMWATCH");
    NbnsQuestion q = assertQuery(r, false, false);
    assertThat(q.name().toString()).isEqualTo("STORMWATCH<00>");
    assertThat(r.sourcePort)
        .as("nmblookup -r source port (137 would mean -r took effect)")
        .isGreaterThanOrEqualTo(1025);
    assertThat(r.features().forged()).isFalse();
  }

  @Test
  void nmblookupNodeStatusIsAWildcardNbstatQuery() throws Exception {
    Path nmblookup = ExternalTool.require("nmblookup", "samba-common-bin");
    Received r = first(nmblookup, "-A", "127.0.0.1");
    NbnsQuestion q = assertQuery(r, false, false);
    assertThat(q.type()).isEqualTo(NbnsTypes.NBSTAT);
    assertThat(q.wildcardNodeStatus()).isTrue();
    assertThat(q.name().toString()).isEqualTo(WILDCARD);
    assertThat(r.sourcePort).isGreaterThanOrEqualTo(1025);

    NbnsFeatures f = r.features();
    assertThat(f.forged()).as("no B flag, so not forged").isFalse();
    assertThat(f.wildcardNodeStatus()).isTrue();
    assertThat(f.questionType()).isEqualTo(NbnsTypes.NBSTAT);
    assertThat(f.reasons())
        .containsExactly(NbnsFeatures.HIGH_SOURCE_PORT, NbnsFeatures.WILDCARD_NBSTAT);
  }

  @Test
  void nmblookupBroadcastToAUnicastAddressIsTheForgedSignature() throws Exception {
    Path nmblookup = ExternalTool.require("nmblookup", "samba-common-bin");
    // -B names the "broadcast" address; given a unicast one, nmblookup still sets B (and RD).
    Received r = first(nmblookup, "-B", "127.0.0.1", "STORMWATCH");
    NbnsQuestion q = assertQuery(r, true, true);
    assertThat(q.type()).isEqualTo(NbnsTypes.NB);
    assertThat(q.name().toString()).isEqualTo("STORMWATCH<00>");
    assertThat(r.sourcePort).isGreaterThanOrEqualTo(1025);

    NbnsFeatures f = r.features();
    assertThat(f.forged()).isTrue();
    assertThat(f.reasons())
        .containsExactly(
            NbnsFeatures.BROADCAST_FLAG_ON_UNICAST,
            NbnsFeatures.HIGH_SOURCE_PORT,
            NbnsFeatures.FORGED);
  }

  @Test
  void nbtscanSendsABroadcastFlaggedWildcardNbstatFromAHighPort() throws Exception {
    Path nbtscan = ExternalTool.require("nbtscan", "nbtscan");
    Received r = first(nbtscan, "-t", "300", "127.0.0.1");
    // nbtscan sets B on its unicast node status query: X-Scan's 2002 signature, from a real tool.
    NbnsQuestion q = assertQuery(r, false, true);
    assertThat(q.type()).isEqualTo(NbnsTypes.NBSTAT);
    assertThat(q.name().toString()).isEqualTo(WILDCARD);
    assertThat(r.sourcePort).isGreaterThanOrEqualTo(1025);

    NbnsFeatures f = r.features();
    assertThat(f.forged()).isTrue();
    assertThat(f.wildcardNodeStatus()).isTrue();
    assertThat(f.reasons())
        .containsExactly(
            NbnsFeatures.BROADCAST_FLAG_ON_UNICAST,
            NbnsFeatures.HIGH_SOURCE_PORT,
            NbnsFeatures.WILDCARD_NBSTAT,
            NbnsFeatures.FORGED);
  }
}
