package org.stormwatch.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.ProbeSink;
import org.stormwatch.store.Receipt;

/**
 * Where accepted submissions go: the store ({@link StoreSink}) or a Kafka topic ({@link
 * KafkaSink}). Either way a submission is taken whole or not at all, once per submission key, and
 * the collector answers only after the sink has taken it.
 */
interface SubmissionSink extends AutoCloseable {
  /** The receipt of a submission already taken under this key, if the sink knows one. */
  Optional<Receipt> previous(String key);

  /** Starts gathering one submission's probes. */
  Pending begin(String sensor, String key);

  /** The metrics outcome of a submission taken: {@code stored} or {@code published}. */
  String takenOutcome();

  /** What {@code /health} says about this sink; {@code ok} false makes it answer 503. */
  Map<String, Object> health();

  /** Whether the read API has history to serve from this process. */
  boolean keepsHistory();

  @Override
  void close();

  /** One submission being gathered: probes in, then one commit. Not thread-safe. */
  interface Pending extends ProbeSink {
    /**
     * Hands the submission over; returns its receipt (the earlier one, marked duplicate, when the
     * key was taken before).
     *
     * @throws Unavailable when the sink cannot take it now; the client may send it again
     */
    Receipt commit(ReadStats stats) throws Unavailable;
  }

  /** The sink cannot take submissions now: answered 503 with this one-line reason. */
  final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  /** The units read that were not taken, by reason: malformed and not-probe reasons together. */
  static Map<String, Long> rejected(ReadStats stats) {
    Map<String, Long> rejected = new LinkedHashMap<>();
    stats.malformed().asMap().forEach((reason, n) -> rejected.merge(reason, n, Long::sum));
    stats.notProbes().asMap().forEach((reason, n) -> rejected.merge(reason, n, Long::sum));
    return rejected;
  }
}
