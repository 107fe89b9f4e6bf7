package org.stormwatch.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.ProbeSink;
import org.stormwatch.store.Receipt;
import org.stormwatch.store.StoreException;

/**
 * {@code POST /api/submissions}: authenticates the sensor, limits its rate and body size, reads the
 * body with core's readers, masks targets, and hands the probes as one submission to the sink (the
 * store, or Kafka with {@code serve --kafka}), answering only once the sink has taken it.
 *
 * <p>The rule for bad records: a body with at least one probe stores its probes and counts the rest
 * (malformed records and records that are no probe, e.g. replies) under {@code rejected} by reason;
 * a body with malformed records and no probe stores nothing and is answered 400 with the first
 * problem; a body of well-formed records none of which is a probe is stored as an empty submission
 * (its key is remembered) and answered 200.
 *
 * <p>The submission key is {@code SENSOR/idem:KEY} from the {@code Idempotency-Key} header, or
 * {@code SENSOR/sha256:HEX} of the body, so a retried submission counts once.
 */
final class Collector {
  private static final Logger LOG = LoggerFactory.getLogger(Collector.class);
  private static final int MAX_IDEMPOTENCY_KEY = 180;
  private static final long DRAIN = 1L << 20;
  private static final String RETRY_AFTER = "5";

  /** What the HTTP layer hands over of a request. */
  record Request(
      String authorization,
      String iscAuthorization,
      String contentType,
      long contentLength,
      String idempotencyKey,
      InputStream body) {}

  private final SensorKeys keys;
  private final RateLimiter rate;
  private final long maxBody;
  private final TargetMask mask;
  private final SubmissionSink sink;
  private final Metrics metrics;
  private final Path spoolDir;
  private final LongConsumer afterCommit;

  Collector(
      SensorKeys keys,
      RateLimiter rate,
      long maxBody,
      TargetMask mask,
      SubmissionSink sink,
      Metrics metrics,
      Path spoolDir,
      LongConsumer afterCommit) {
    this.keys = keys;
    this.rate = rate;
    this.maxBody = maxBody;
    this.mask = mask;
    this.sink = sink;
    this.metrics = metrics;
    this.spoolDir = spoolDir;
    this.afterCommit = afterCommit;
  }

  Answer submit(Request r) {
    Answer a = handle(r);
    metrics.submission(
        a.status() == 200
            ? (Boolean.TRUE.equals(((Map<?, ?>) a.body()).get("duplicate"))
                ? "duplicate"
                : sink.takenOutcome())
            : Integer.toString(a.status()));
    return a;
  }

  private Answer handle(Request r) {
    Optional<String> who = keys.authenticate(r.authorization(), r.iscAuthorization());
    if (who.isEmpty()) {
      String reason =
          r.authorization() == null && r.iscAuthorization() == null
              ? "no key: send Authorization: Bearer KEY or X-ISC-Authorization"
              : "wrong key";
      return Answer.error(401, reason).withHeader("WWW-Authenticate", "Bearer");
    }
    String sensor = who.get();
    if (!rate.tryAcquire(sensor)) {
      return Answer.error(429, "sensor " + sensor + " is over its request rate")
          .withHeader("Retry-After", "1");
    }
    SubmissionReader.Kind kind = SubmissionReader.kindOf(r.contentType());
    if (kind == null) {
      return Answer.error(
          415,
          "unsupported content type '"
              + r.contentType()
              + "' (want application/json, text/plain, application/vnd.tcpdump.pcap or"
              + " application/octet-stream)");
    }
    if (r.contentLength() > maxBody) {
      return tooLarge(r.body());
    }
    String idem = r.idempotencyKey();
    if (idem != null && (idem.isBlank() || idem.length() > MAX_IDEMPOTENCY_KEY)) {
      return Answer.error(
          400, "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
    }
    if (idem != null) {
      // A retry of a stored submission is answered from its receipt, without reading the body.
      Optional<Receipt> taken = sink.previous(sensor + "/idem:" + idem.strip());
      if (taken.isPresent()) {
        return receipt(taken.get());
      }
    }
    try (BodySpool body = BodySpool.read(r.body(), maxBody, spoolDir)) {
      String key =
          sensor + "/" + (idem != null ? "idem:" + idem.strip() : "sha256:" + body.sha256());
      SubmissionSink.Pending batch = sink.begin(sensor, key);
      ReadStats stats = new ReadStats();
      AtomicLong newest = new AtomicLong(Long.MIN_VALUE);
      ProbeSink sink =
          p -> {
            newest.accumulateAndGet(p.timeNanos(), Math::max);
            batch.accept(mask.isEmpty() ? p : mask.apply(p));
          };
      SubmissionReader.read(body, kind, sensor, sink, stats);
      if (stats.probes() == 0 && stats.malformed().total() > 0) {
        String first =
            stats.examples().isEmpty()
                ? stats.malformed().toString()
                : SubmissionReader.hidePath(stats.examples().get(0), body.file().toString());
        return Answer.error(400, "no valid record, nothing stored: " + first);
      }
      Receipt receipt = batch.commit(stats);
      if (!receipt.duplicate()) {
        metrics.probesStored(receipt.probes());
        receipt.rejected().forEach(metrics::rejected);
        if (receipt.probes() > 0) {
          afterCommit.accept(newest.get());
        }
      }
      return receipt(receipt);
    } catch (SubmissionSink.Unavailable e) {
      LOG.warn("a submission of {} was not taken: {}", sensor, e.getMessage());
      return Answer.error(503, e.getMessage()).withHeader("Retry-After", RETRY_AFTER);
    } catch (BodySpool.TooLarge e) {
      return tooLarge(r.body());
    } catch (SubmissionReader.BadBody e) {
      return Answer.error(400, e.getMessage());
    } catch (StoreException e) {
      LOG.error("store failed for a submission of {}: {}", sensor, e.getMessage());
      return Answer.error(500, "the store failed, nothing was stored: " + e.getMessage());
    } catch (IOException e) {
      return Answer.error(400, "cannot read the body: " + e.getMessage());
    } catch (RuntimeException e) {
      // A reader bug must cost one request, not the server.
      LOG.error("submission of {} failed", sensor, e);
      return Answer.error(500, "internal error reading the body: " + e);
    }
  }

  private static Answer receipt(Receipt receipt) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("submission", receipt.id());
    out.put("probes", receipt.probes());
    out.put("rejected", receipt.rejected());
    out.put("duplicate", receipt.duplicate());
    return Answer.ok(out);
  }

  /**
   * 413, after reading and discarding at most {@value #DRAIN} more bytes of the body: a server that
   * closes while the client still sends makes the client's TCP stack drop the answer unread, so a
   * modestly oversized body gets a readable 413; a huge one is cut off (Connection: close).
   */
  private Answer tooLarge(InputStream body) {
    try {
      long left = DRAIN;
      byte[] buf = new byte[1 << 16];
      int n;
      while (left > 0 && (n = body.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        left -= n;
      }
    } catch (IOException e) {
      // The client gave up or the connection broke: the answer matters no more.
    }
    return Answer.error(413, "body larger than " + maxBody + " bytes (--max-body)")
        .withHeader("Connection", "close");
  }
}
