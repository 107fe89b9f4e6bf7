package org.stormwatch.core.detect;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.stormwatch.core.aggregate.BucketSize;

/**
 * Every threshold of the surge detectors, named, with its trade-off. Defaults per bucket size come
 * from {@link #forBucket}; the false-alert and detection figures quoted in docs/detection.md were
 * measured with them.
 *
 * @param baselineBuckets the trailing window the baseline is computed from (4 weeks of days, 1 week
 *     of hours). Longer: steadier baseline, slower to accept a new normal; shorter: adapts sooner,
 *     noisier medians.
 * @param baselineGuard the most recent buckets left out of the window (1: the bucket just before
 *     the one judged). A surge's first bucket is often too weak to alert; left in the window it
 *     inflates the spread the second bucket is judged against and delays the alert. Larger: slower
 *     to accept a new normal by as many buckets; 0: the second bucket of a slow surge may be
 *     missed.
 * @param minHistoryBuckets buckets of history needed before a bucket is judged at all. Fewer:
 *     judges earlier on a baseline that may be one odd week; more: stays silent longer on a new
 *     sensor. Without enough history the report says so instead of alerting.
 * @param seasonPeriod the seasonal cycle in buckets (7: weekdays; 24: hours of the day); 1 for
 *     none. A seasonal profile removes weekday swings that would otherwise read as surges, at the
 *     cost of needing two samples of each phase.
 * @param busyLevel the median sources per bucket above which the seasonal profile is used. On
 *     quieter ports a per-weekday median is mostly noise, so a flat baseline is safer.
 * @param sourceFloor the least number of sources per bucket a port is expected to see, however
 *     quiet. Lower: a handful of sources on a dead port alerts sooner (more sensitive on closed
 *     ports) but stray coincidences alert too; higher: fewer false alerts on the many dead ports,
 *     slower to notice the first probes of a new worm.
 * @param minRelativeSpread the least standard deviation of sources, as a share of the expected
 *     value: busy ports vary more than Poisson, even when four weeks of history happen to be calm.
 *     Higher: fewer false alerts on busy ports, later detection of moderate rises there.
 * @param minScore the alert threshold: -log10 of the upper tail probability of the bucket's source
 *     count under the baseline (6 means one in a million). Higher: fewer false alerts, later or
 *     missed detection of small surges.
 * @param minSources the least number of sources in a bucket for an alert: one loud scanner, or a
 *     pair, never makes a surge, however quiet the port. Higher: more robust, misses the very first
 *     hours of a slow worm.
 * @param minRise the least ratio of sources to their expected value: keeps busy ports, whose large
 *     counts make tiny relative rises statistically significant, from alerting on a 20% wobble.
 *     Higher: stricter on busy ports, slower on gradual outbreaks there.
 * @param continueScore the score above which a bucket after an alert still belongs to the surge
 *     (same scale as minScore). Lower: surges last longer and gather stragglers; higher: a surge
 *     breaks into pieces, each alerting anew.
 * @param endAfterQuiet quiet buckets in a row that end a surge. More: one alert per long surge even
 *     if it pauses; fewer: the trend turns "over" sooner.
 * @param onsetLookback how many buckets before the alert the onset is searched for. Longer: finds
 *     slow beginnings; shorter: less chance of dating the onset to an unrelated blip.
 * @param onsetReference the CUSUM reference value k, in standard deviations: a bucket pushes the
 *     onset back only if it stands this far above the baseline. Lower: earlier onsets, sometimes
 *     too early; higher: onsets later, at the first clearly elevated bucket.
 * @param trendBuckets the last buckets of a surge that the trend compares.
 * @param trendChange the relative change (0.25: 25%) between the last bucket and the ones before
 *     that makes a trend rising or falling rather than steady.
 * @param iscWindowBuckets the ISC method's baseline: the mean over this many previous buckets (30
 *     days).
 * @param iscMinScore the ISC method's alert threshold on sqrt((S-s)^2/s + (T-t)^2/t). Under a
 *     Poisson background the squared score is roughly chi-square with 2 degrees of freedom, so 4.3
 *     means about one in 10,000 buckets; real ports are over-dispersed, which is why the method
 *     alerts more often on busy ports than that.
 * @param explainMinDifference the least difference between a feature value's share in the surge and
 *     in the baseline for the explanation to name it. Lower: longer, less telling explanations;
 *     higher: only the striking ones.
 * @param explainMaxFeatures the most features an explanation names.
 * @param cusumReference the default method's second, cumulative alarm on busy ports (expectation at
 *     least busyLevel): the reference value k, in standard deviations, of a CUSUM of the buckets'
 *     t-corrected z-scores over the last onsetLookback buckets, {@code max_j sum_{i=j..t} (z_i -
 *     k)}. It catches slow or moderate rises (1.2x to 2x for days) that never make one bucket score
 *     minScore or double. Lower: catches smaller sustained rises, more false alerts from runs of
 *     slightly high days; higher: only rises of more than k sd a day accumulate.
 * @param cusumThreshold the CUSUM level h that alerts (5 for days: about three buckets at 3 sd, or
 *     five at 2 sd; 12 for hours, reasoned, not measured). Measured over 200 random scenarios: h =
 *     8, 5, 4 found 97.1%, 98.8%, 98.8% of the detectable outbreaks at 0.008, 0.008, 0.009 false
 *     alerts per 1,000 port-days; but h = 4 gave 0.19 per 1,000 on SurgeDetectorTest's log-normal
 *     synthetic background (busy ports with 15% day-to-day spread), above the 0.1 target. Lower:
 *     earlier detection of slow rises, more false alerts; higher: later.
 * @param cusumMinRise the least ratio of the run's sources to their expectation for a CUSUM alert
 *     (the rise guard of the cumulative alarm, playing minRise's part): keeps very busy ports,
 *     where a 5% shift is many sd, from alerting on a small level change. Higher: fewer alerts on
 *     huge ports, misses gentle rises there.
 * @param fingerprintOnsetScore after the onset is dated from source counts, a bucket just before it
 *     joins the surge when its probes showing the surge's fingerprint (the explanation's first
 *     feature value) are this surprising against the port's usual rate of them (-log10 of the
 *     Poisson upper tail; {@link FingerprintOnset}). Lower: earlier onsets from fewer probes, and a
 *     loud scanner sharing the fingerprint more often pulls the onset back; higher: onsets stay
 *     where the source counts put them.
 * @param fingerprintScore the fingerprint alarm's threshold ({@link FingerprintAlarm}): per
 *     fingerprint value rare on the port (IP length, TTL band, source-port class, TCP flags, NBNS
 *     verdict), the -log10 Poisson upper tail of the distinct sources showing it against their
 *     usual rate, less log10 of the number of values tested (Bonferroni), so that a port-bucket
 *     alerts falsely with probability at most 10^-fingerprintScore under a Poisson background.
 *     Lower: a new fingerprinted population alerts on fewer sources; higher: later. Infinity turns
 *     the alarm off.
 * @param fingerprintWindow the longest window, in buckets, over which the fingerprint alarm counts
 *     a value's distinct sources ({@link FingerprintAlarm}): besides each bucket alone, the union
 *     of the last 2 to fingerprintWindow buckets is tested against Poisson(window x rate), and the
 *     Bonferroni count grows to (values tested) x fingerprintWindow. 1: each bucket alone (the
 *     behaviour before the window). Longer: an outbreak whose first buckets bring one or two hosts
 *     each alerts when they add up, a bucket or two before one bucket's count would; but every test
 *     pays log10(fingerprintWindow) more, so an outbreak that arrives all at once needs a few more
 *     sources, and a window needs the sets of its earlier buckets (the store and the Flink job keep
 *     them). Daily 2; hourly 24, a day of hours, since an outbreak's first hours bring 0 to 2
 *     sources each (hourly seeds 0-39: 34 of 40 outbreaks detected with 24, 32 with 12, 19 with 1;
 *     261, 265 and 262 false alerts in 8.8 million port-hours).
 * @param fingerprintOnsetGap how many buckets without the surge's fingerprint the onset's walk back
 *     ({@link FingerprintOnset}) may step over to reach an earlier bucket that shows it: an
 *     outbreak's first hosts come a few a bucket or less, so its first bucket is often followed by
 *     an empty one (1, 0, 3 sources). 0: the walk stops at the first bucket without the evidence.
 *     Larger: earlier onsets across pauses, and a stray earlier probe of the same fingerprint more
 *     often pulls the onset back.
 * @param fingerprintUnseenSources a, in the fingerprint alarm's floor for a value rare in the
 *     pooled mix ({@link FingerprintAlarm}): the floor is at most max(a / H, level x pooled share),
 *     H the buckets of history, so a value never seen on the port in H buckets is expected at a / H
 *     rather than at level x fingerprintMinShare, which on a busy port is several sources a month.
 *     0.5 / H is the posterior mean of a Poisson rate after H empty buckets under Jeffreys' prior
 *     (1 / H under a flat prior). Lower: an outbreak with a fingerprint the port has never seen
 *     alerts on fewer sources on a busy port, and so do odd stacks that happen to be new there;
 *     Infinity: off (the floor is level x max(share, fingerprintMinShare)). Daily 0.5 (seeds 0-199:
 *     delay <= 1 of 176 outbreaks at 1, 177 at 0.5, 179 at 0.25 of 190, false alerts 13 at each;
 *     0.5 chosen for its prior, not the lowest measured); hourly off (a background host of an odd
 *     stack returns within hours, which a rate of 0.5 / 168 an hour would not expect).
 */
public record DetectionSettings(
    int baselineBuckets,
    int baselineGuard,
    int minHistoryBuckets,
    int seasonPeriod,
    double busyLevel,
    double sourceFloor,
    double minRelativeSpread,
    double minScore,
    long minSources,
    double minRise,
    double continueScore,
    int endAfterQuiet,
    int onsetLookback,
    double onsetReference,
    int trendBuckets,
    double trendChange,
    int iscWindowBuckets,
    double iscMinScore,
    double explainMinDifference,
    int explainMaxFeatures,
    double cusumReference,
    double cusumThreshold,
    double cusumMinRise,
    double fingerprintOnsetScore,
    double fingerprintScore,
    long fingerprintMinSources,
    double fingerprintMinShare,
    int fingerprintWindow,
    int fingerprintOnsetGap,
    double fingerprintUnseenSources) {

  public DetectionSettings {
    require(baselineBuckets >= 3, "baselineBuckets", baselineBuckets);
    require(baselineGuard >= 0 && baselineGuard < baselineBuckets, "baselineGuard", baselineGuard);
    require(
        minHistoryBuckets >= 3 && minHistoryBuckets <= baselineBuckets,
        "minHistoryBuckets (3 to baselineBuckets)",
        minHistoryBuckets);
    require(seasonPeriod >= 1, "seasonPeriod", seasonPeriod);
    require(busyLevel >= 0, "busyLevel", busyLevel);
    require(sourceFloor > 0, "sourceFloor", sourceFloor);
    require(minRelativeSpread >= 0, "minRelativeSpread", minRelativeSpread);
    require(minScore > 0, "minScore", minScore);
    require(minSources >= 1, "minSources", minSources);
    require(minRise >= 1, "minRise", minRise);
    require(continueScore > 0 && continueScore <= minScore, "continueScore", continueScore);
    require(endAfterQuiet >= 1, "endAfterQuiet", endAfterQuiet);
    require(onsetLookback >= 0, "onsetLookback", onsetLookback);
    require(onsetReference > 0, "onsetReference", onsetReference);
    require(trendBuckets >= 2, "trendBuckets", trendBuckets);
    require(trendChange > 0, "trendChange", trendChange);
    require(iscWindowBuckets >= 1, "iscWindowBuckets", iscWindowBuckets);
    require(iscMinScore > 0, "iscMinScore", iscMinScore);
    require(
        explainMinDifference > 0 && explainMinDifference < 1,
        "explainMinDifference",
        explainMinDifference);
    require(explainMaxFeatures >= 1, "explainMaxFeatures", explainMaxFeatures);
    require(cusumReference > 0, "cusumReference", cusumReference);
    require(cusumThreshold > 0, "cusumThreshold", cusumThreshold);
    require(cusumMinRise >= 1, "cusumMinRise", cusumMinRise);
    require(fingerprintOnsetScore > 0, "fingerprintOnsetScore", fingerprintOnsetScore);
    require(fingerprintScore > 0, "fingerprintScore", fingerprintScore);
    require(fingerprintMinSources >= 1, "fingerprintMinSources", fingerprintMinSources);
    require(
        fingerprintMinShare > 0 && fingerprintMinShare <= 1,
        "fingerprintMinShare",
        fingerprintMinShare);
    require(
        fingerprintWindow >= 1 && fingerprintWindow <= baselineBuckets - minHistoryBuckets,
        "fingerprintWindow (1 to baselineBuckets - minHistoryBuckets)",
        fingerprintWindow);
    require(
        fingerprintOnsetGap >= 0 && fingerprintOnsetGap <= onsetLookback,
        "fingerprintOnsetGap (0 to onsetLookback)",
        fingerprintOnsetGap);
    require(fingerprintUnseenSources > 0, "fingerprintUnseenSources", fingerprintUnseenSources);
  }

  private static void require(boolean ok, String name, double value) {
    if (!ok) {
      throw new IllegalArgumentException("bad detection setting " + name + ": " + value);
    }
  }

  /** A threshold or floor that is never reached: the check it belongs to is off. */
  private static final double OFF = Double.POSITIVE_INFINITY;

  /** The defaults for daily or hourly buckets. */
  public static DetectionSettings forBucket(BucketSize bucket) {
    if (bucket == BucketSize.HOUR) {
      return new DetectionSettings(
          168, 1, 48, 24, 10, 0.05, 0.1, 7, 5, 2, 2, 3, 48, 2.5, 3, 0.25, 720, 4.3, 0.25, 5, 1, 12,
          1.2, 3, 9, 3, 0.01, 24, 0, OFF);
    }
    return new DetectionSettings(
        28, 1, 7, 7, 10, 0.25, 0.1, 5, 5, 2, 2, 2, 7, 2.5, 3, 0.25, 30, 4.3, 0.25, 5, 1, 5, 1.2, 3,
        7, 3, 0.005, 2, 0, 0.5);
  }

  /** A copy with another minScore. */
  public DetectionSettings withMinScore(double value) {
    return with("minScore=" + value);
  }

  /** A copy with another sourceFloor. */
  public DetectionSettings withSourceFloor(double value) {
    return with("sourceFloor=" + value);
  }

  /** A copy with another iscMinScore. */
  public DetectionSettings withIscMinScore(double value) {
    return with("iscMinScore=" + value);
  }

  /** A copy with another baselineGuard. */
  public DetectionSettings withBaselineGuard(int value) {
    return with("baselineGuard=" + value);
  }

  /** A copy with another fingerprintWindow. */
  public DetectionSettings withFingerprintWindow(int value) {
    return with("fingerprintWindow=" + value);
  }

  /**
   * A copy with components replaced by name: {@code "minScore=4,fingerprintWindow=1"}, each value
   * read as its component's type (for experiments and the evaluation harness).
   *
   * @throws IllegalArgumentException for an unknown name, a value that is no number of that type,
   *     or a value these settings refuse
   */
  public DetectionSettings with(String overrides) {
    RecordComponent[] components = DetectionSettings.class.getRecordComponents();
    Object[] values = new Object[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        values[i] = components[i].getAccessor().invoke(this);
      }
      for (String pair : overrides.split(",")) {
        String[] kv = pair.split("=", 2);
        int i = indexOf(components, kv[0].trim());
        if (kv.length < 2) {
          throw new IllegalArgumentException("setting " + kv[0] + " has no value (name=value)");
        }
        Class<?> type = components[i].getType();
        String v = kv[1].trim();
        // not a conditional expression: it would promote all three boxes to double
        if (type == int.class) {
          values[i] = Integer.valueOf(v);
        } else if (type == long.class) {
          values[i] = Long.valueOf(v);
        } else {
          values[i] = Double.valueOf(v);
        }
      }
      return DetectionSettings.class
          .getDeclaredConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new))
          .newInstance(values);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "settings " + overrides + ": not a number: " + e.getMessage(), e);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "settings " + overrides + ": " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("settings " + overrides + ": " + e, e);
    }
  }

  private static int indexOf(RecordComponent[] components, String name) {
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no detection setting named " + name);
  }
}
