package org.stormwatch.core.scan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.probe.ContactListener;

/**
 * Finds the scanners among the sources of one run of inputs, fed in input order through {@link
 * ContactListener}.
 *
 * <p>Where outcomes are visible (the run showed at least one reply: a two-way capture) a source is
 * a scanner when the Threshold Random Walk over its first contacts says so ({@link TrwDetector}) or
 * when its failed first contacts cross the window thresholds ({@link WindowScanDetector}). Where
 * they are not (logs of dropped packets, one-way captures: no reply at all), every probe is a
 * failed contact as far as anyone can tell, and only the window thresholds apply: the walk would
 * flag any source after 4 drops. Until the first reply the windows count every probe; at the first
 * reply they restart on failed first contacts, and what the probe windows had flagged is dropped.
 *
 * <p>Bounds: each test bounds its own state ({@link ScannerSettings}); profiles of unflagged
 * sources are in a capped, idle-evicted table; flagged sources are kept (one profile each, its sets
 * capped by {@link ScannerSettings#distinctCap()}).
 */
public final class ScannerDetector implements ContactListener {
  private final ScannerSettings settings;
  private final SourceTable<SourceProfile> profiles;
  private final Map<Address, SourceProfile> flagged = new HashMap<>();
  private final TrwDetector trw;
  private WindowScanDetector windows;
  private boolean repliesSeen;

  public ScannerDetector(ScannerSettings settings) {
    this.settings = settings;
    this.profiles = new SourceTable<>(settings.maxSources(), settings.idleTimeout().toNanos());
    this.windows = new WindowScanDetector(settings, this::raised);
    this.trw =
        new TrwDetector(
            settings,
            this::raised,
            (source, target, portKey, time) -> {
              if (repliesSeen) {
                windows.contact(source, target, portKey, time);
              }
            });
  }

  public ScannerDetector() {
    this(ScannerSettings.defaults());
  }

  @Override
  public void probe(Probe p) {
    // Time-outs due before this probe are decided first, so that probes to detection counts only
    // the probes sent by then.
    trw.advance(p.timeNanos());
    Address source = new Address(p.srcHi(), p.srcLo());
    SourceProfile profile = flagged.get(source);
    if (profile == null) {
      profile =
          profiles.touch(
              source,
              p.timeNanos(),
              () -> new SourceProfile(p.timeNanos(), settings.distinctCap()));
    }
    profile.add(p);
    if (!repliesSeen) {
      windows.contact(
          source,
          new Address(p.dstHi(), p.dstLo()),
          TrwDetector.portKey(p.protocol(), p.dstPort()),
          p.timeNanos());
    }
    trw.probe(p);
  }

  @Override
  public void reply(
      long timeNanos,
      long srcHi,
      long srcLo,
      int srcPort,
      long dstHi,
      long dstLo,
      int dstPort,
      Protocol protocol,
      int tcpFlags) {
    if (!repliesSeen) {
      repliesSeen = true;
      windows = new WindowScanDetector(settings, this::raised);
      flagged.values().forEach(profile -> profile.window = null);
      profiles.forEach(
          (source, profile) -> {
            if (profile.trw != null) {
              flagged.put(source, profile);
            }
          });
      flagged.keySet().forEach(profiles::remove);
    }
    trw.reply(timeNanos, srcHi, srcLo, srcPort, dstHi, dstLo, protocol, tcpFlags);
  }

  /** Whether the run showed replies, so that the first-contact test applies. */
  public boolean repliesSeen() {
    return repliesSeen;
  }

  /** The scanners found so far, by detection time. */
  public List<ScannerFinding> findings() {
    List<ScannerFinding> out = new ArrayList<>();
    for (Map.Entry<Address, SourceProfile> e : flagged.entrySet()) {
      ScannerFinding f = e.getValue().finding(e.getKey(), repliesSeen, settings.narrowSpread());
      if (f != null) {
        out.add(f);
      }
    }
    out.sort(
        Comparator.comparing(ScannerFinding::detectedAt)
            .thenComparing(f -> f.source().hi())
            .thenComparing(f -> f.source().lo()));
    return out;
  }

  /** Whether the source is one of the {@link #findings()}. */
  public boolean isScanner(Address source) {
    SourceProfile p = flagged.get(source);
    return p != null && p.finding(source, repliesSeen, settings.narrowSpread()) != null;
  }

  /**
   * How many of the given sources (say, a surge's) are scanners; each distinct source counts once.
   */
  public long scannersAmong(Iterable<Address> sources) {
    java.util.HashSet<Address> seen = new java.util.HashSet<>();
    long n = 0;
    for (Address a : sources) {
      if (seen.add(a) && isScanner(a)) {
        n++;
      }
    }
    return n;
  }

  /** Sources whose state is held by each test and the profiles (for tests of the bounds). */
  int trackedSources() {
    return Math.max(Math.max(profiles.size(), trw.trackedSources()), windows.trackedSources());
  }

  int pendingAttempts() {
    return trw.pendingAttempts();
  }

  private void raised(Address source, ScanMethod method, long at, int evidence) {
    if (method == ScanMethod.TRW && !repliesSeen) {
      // No outcomes seen yet: keep the verdict with the (evictable) profile until a reply shows
      // that outcomes are visible in this run.
      SourceProfile pending = flagged.get(source);
      if (pending == null) {
        pending = profiles.peek(source);
      }
      if (pending != null && pending.trw == null) {
        pending.trw = new SourceProfile.Detection(at, pending.probes, evidence);
      }
      return;
    }
    SourceProfile profile = flagged.get(source);
    if (profile == null) {
      profile = profiles.remove(source);
      if (profile == null) {
        // Its profile was evicted while an attempt awaited its answer: start a new one.
        profile = new SourceProfile(at, settings.distinctCap());
      }
      flagged.put(source, profile);
    }
    SourceProfile.Detection d = new SourceProfile.Detection(at, profile.probes, evidence);
    if (method == ScanMethod.TRW && profile.trw == null) {
      profile.trw = d;
    } else if (method == ScanMethod.WINDOW && profile.window == null) {
      profile.window = d;
    }
  }
}
