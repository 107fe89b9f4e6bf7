package org.stormwatch.core.scan;

import java.util.ArrayDeque;
import java.util.HashMap;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * Threshold Random Walk (Jung, Paxson, Berger, Balakrishnan, "Fast Portscan Detection Using
 * Sequential Hypothesis Testing", IEEE S&amp;P 2004): per source, a sequential test over the
 * outcomes of its first contacts. A scanner's first contacts mostly fail (theta1 = 0.2 succeed), a
 * benign host's mostly succeed (theta0 = 0.8); the likelihood ratio starts at 1, each failure
 * multiplies it by (1-theta1)/(1-theta0) = 4, each success by theta1/theta0 = 0.25, and the source
 * is a scanner at eta1 = P_D/P_F = 99 (4 failures in a row), benign at eta0 = (1-P_D)/(1-P_F).
 *
 * <p>Here a first contact is a TCP or UDP probe to a (target, port) pair the source has not
 * contacted before (the paper counts local hosts; counting ports too makes port scans of one host
 * visible). Outcomes: success is a TCP reply with ACK and without RST (the SYN-ACK) or a UDP reply
 * from target:port within {@link ScannerSettings#answerTimeout()}; failure is a RST, or no answer
 * within the timeout. A TCP probe without SYN (FIN, NULL, Xmas) fails at once: no normal stack
 * opens with one. Outcomes are applied in the order the source sent its probes, as the paper's test
 * reads them: an answer that comes early (a RST, a SYN-ACK) waits for the outcomes of earlier
 * probes, at most the answer timeout; applied as they arrive, fast answers (successes among them)
 * would all come before the slow silent failures and bias the walk. ICMP is not tested, nor are
 * probes to broadcast and multicast addresses and the unicast answers to them ({@link
 * GroupQueries}). Time is the input's: an attempt times out when a later packet of any source is
 * more than the timeout after it, so the result does not depend on reading speed.
 *
 * <p>After the walk reaches eta0 the source is benign and the ratio is held at eta0 rather than
 * reset: a host that turns to scanning later is still caught, after log(eta1/eta0)/log 4 = 7 net
 * failures, while a benign host almost never is.
 *
 * <p>Bounds: sources in a {@link SourceTable} (cap and idle eviction); per source, a capped set of
 * contacted pairs ({@link ScannerSettings#maxContactsPerSource()}) and at most {@link
 * ScannerSettings#maxPendingPerSource()} attempts awaiting an answer or their turn.
 */
final class TrwDetector {
  /** What the walk says of a source. */
  enum Verdict {
    UNDECIDED,
    BENIGN,
    SCANNER
  }

  /** Told of every first contact that failed, for the windows. */
  @FunctionalInterface
  interface FailureSink {
    void failed(Address source, Address target, int portKey, long timeNanos);
  }

  private static final class Walk {
    final Address source;
    final CappedSet contacted;
    double ratio = 1;
    Verdict verdict = Verdict.UNDECIDED;
    int judged;

    /** Its attempts in the order it sent them, until their outcomes are applied. */
    final ArrayDeque<Attempt> inOrder = new ArrayDeque<>();

    Walk(Address source, int maxContacts) {
      this.source = source;
      this.contacted = new CappedSet(maxContacts);
    }
  }

  private record Key(Address source, Address target, int portKey) {}

  private static final class Attempt {
    final Key key;
    final Walk walk;
    final long time;
    boolean done;
    boolean success;

    Attempt(Key key, Walk walk, long time) {
      this.key = key;
      this.walk = walk;
      this.time = time;
    }
  }

  private static final int SYN = 0x02;
  private static final int RST = 0x04;
  private static final int ACK = 0x10;

  private final ScannerSettings settings;
  private final ScanAlarm alarm;
  private final FailureSink failures;
  private final SourceTable<Walk> walks;
  private final HashMap<Key, Attempt> pending = new HashMap<>();
  private final ArrayDeque<Attempt> byTime = new ArrayDeque<>();
  private final long timeout;
  private final GroupQueries groupQueries;
  private long newest = Long.MIN_VALUE;

  TrwDetector(ScannerSettings settings, ScanAlarm alarm, FailureSink failures) {
    this.settings = settings;
    this.alarm = alarm;
    this.failures = failures;
    this.walks = new SourceTable<>(settings.maxSources(), settings.idleTimeout().toNanos());
    this.timeout = settings.answerTimeout().toNanos();
    this.groupQueries = new GroupQueries(timeout);
  }

  static int portKey(Protocol protocol, int port) {
    return protocol.ordinal() << 16 | port;
  }

  void probe(Probe p) {
    advance(p.timeNanos());
    if (p.protocol() == Protocol.ICMP) {
      return;
    }
    Address source = new Address(p.srcHi(), p.srcLo());
    Address target = new Address(p.dstHi(), p.dstLo());
    if (GroupQueries.isGroup(target)) {
      if (p.protocol() == Protocol.UDP) {
        groupQueries.sent(source, p.srcPort(), p.dstPort(), p.timeNanos());
      }
      return;
    }
    if (p.protocol() == Protocol.UDP
        && groupQueries.isAnswer(p.srcPort(), target, p.dstPort(), p.timeNanos())) {
      return;
    }
    Walk walk =
        walks.touch(source, p.timeNanos(), () -> new Walk(source, settings.maxContactsPerSource()));
    if (walk.verdict == Verdict.SCANNER) {
      return;
    }
    int portKey = portKey(p.protocol(), p.dstPort());
    if (walk.contacted.full()) {
      walk.contacted.clear();
    }
    if (!walk.contacted.add(target.hash() * 31 + portKey)) {
      return;
    }
    Key key = new Key(source, target, portKey);
    Attempt attempt = new Attempt(key, walk, p.timeNanos());
    if (walk.inOrder.size() >= settings.maxPendingPerSource() || pending.containsKey(key)) {
      return;
    }
    walk.inOrder.addLast(attempt);
    if (p.protocol() == Protocol.TCP && p.tcpFlags() >= 0 && (p.tcpFlags() & SYN) == 0) {
      resolve(attempt, false, p.timeNanos());
      return;
    }
    pending.put(key, attempt);
    byTime.addLast(attempt);
  }

  void reply(
      long time,
      long srcHi,
      long srcLo,
      int srcPort,
      long dstHi,
      long dstLo,
      Protocol protocol,
      int tcpFlags) {
    advance(time);
    Key key =
        new Key(new Address(dstHi, dstLo), new Address(srcHi, srcLo), portKey(protocol, srcPort));
    Attempt attempt = pending.remove(key);
    if (attempt == null) {
      return;
    }
    boolean success = protocol != Protocol.TCP || ((tcpFlags & RST) == 0 && (tcpFlags & ACK) != 0);
    resolve(attempt, success, time);
  }

  Verdict verdict(Address source) {
    Walk walk = walks.peek(source);
    return walk == null ? Verdict.UNDECIDED : walk.verdict;
  }

  double ratio(Address source) {
    Walk walk = walks.peek(source);
    return walk == null ? 1 : walk.ratio;
  }

  int trackedSources() {
    return walks.size();
  }

  int pendingAttempts() {
    return pending.size();
  }

  /** Fails every attempt that has waited longer than the timeout at input time {@code now}. */
  void advance(long now) {
    if (now > newest) {
      newest = now;
    }
    while (!byTime.isEmpty()) {
      Attempt head = byTime.peekFirst();
      if (!head.done && newest - head.time <= timeout) {
        return;
      }
      byTime.pollFirst();
      if (!head.done) {
        pending.remove(head.key);
        resolve(head, false, head.time + timeout);
      }
    }
  }

  /** Records the outcome; applies it, and the ones waiting behind it, in the order sent. */
  private void resolve(Attempt attempt, boolean success, long time) {
    Walk walk = attempt.walk;
    attempt.done = true;
    attempt.success = success;
    if (!success && failures != null) {
      failures.failed(walk.source, attempt.key.target(), attempt.key.portKey(), time);
    }
    while (!walk.inOrder.isEmpty() && walk.inOrder.peekFirst().done) {
      apply(walk, walk.inOrder.pollFirst().success, time);
    }
  }

  private void apply(Walk walk, boolean success, long time) {
    if (walk.verdict == Verdict.SCANNER) {
      return;
    }
    walk.judged++;
    walk.ratio *= success ? settings.successFactor() : settings.failureFactor();
    if (walk.ratio >= settings.upperThreshold()) {
      walk.verdict = Verdict.SCANNER;
      alarm.raised(walk.source, ScanMethod.TRW, time, walk.judged);
    } else if (walk.ratio <= settings.lowerThreshold()) {
      walk.ratio = settings.lowerThreshold();
      walk.verdict = Verdict.BENIGN;
    }
  }
}
