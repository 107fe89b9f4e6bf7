package org.stormwatch.core.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Names the feature values that set a surge apart from its port's baseline.
 *
 * <p>For each feature, the value whose share of the surge's probes exceeds its share of the
 * baseline's probes the most; kept when the difference is at least {@link
 * DetectionSettings#explainMinDifference()}, most different first. {@code other} (the overflow of
 * bounded histograms) and {@code unknown} are never named: they describe the data, not the packets.
 * Why shares and not counts: a surge is larger than its baseline by definition; what explains it is
 * a change in what the packets look like. Why the largest difference and not a divergence over the
 * whole histogram: people act on one value ("source port 1025 and up"), not on a distance.
 */
final class Explainer {
  private Explainer() {}

  static List<Explanation> explain(
      FeatureCounts surge, FeatureCounts baseline, DetectionSettings settings) {
    List<Explanation> out = new ArrayList<>();
    for (Feature feature : Feature.values()) {
      if (surge.total(feature) == 0) {
        continue;
      }
      Explanation best = null;
      for (Map.Entry<String, Long> v : surge.values(feature).entrySet()) {
        String value = v.getKey();
        if (value.equals(FeatureCounts.OTHER) || value.equals("unknown")) {
          continue;
        }
        Explanation e =
            new Explanation(
                feature, value, surge.share(feature, value), baseline.share(feature, value));
        if (best == null
            || e.difference() > best.difference()
            || (e.difference() == best.difference() && value.compareTo(best.value()) < 0)) {
          best = e;
        }
      }
      if (best != null && best.difference() >= settings.explainMinDifference()) {
        out.add(best);
      }
    }
    out.sort(
        Comparator.comparingDouble(Explanation::difference)
            .reversed()
            .thenComparing(e -> e.feature().ordinal()));
    return out.size() > settings.explainMaxFeatures()
        ? List.copyOf(out.subList(0, settings.explainMaxFeatures()))
        : out;
  }
}
