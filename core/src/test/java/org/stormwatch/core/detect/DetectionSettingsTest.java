package org.stormwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.stormwatch.core.aggregate.BucketSize;

class DetectionSettingsTest {
  private static final DetectionSettings DAILY = DetectionSettings.forBucket(BucketSize.DAY);

  @Test
  void with_replacesTheNamedComponents_only() {
    DetectionSettings s = DAILY.with("minScore=4, fingerprintWindow=1,fingerprintMinShare=0.01");
    assertThat(s.minScore()).isEqualTo(4.0);
    assertThat(s.fingerprintWindow()).isEqualTo(1);
    assertThat(s.fingerprintMinShare()).isEqualTo(0.01);
    assertThat(s.withMinScore(DAILY.minScore()).withFingerprintWindow(DAILY.fingerprintWindow()))
        .isEqualTo(DAILY.with("fingerprintMinShare=0.01"));
    assertThat(DAILY.withBaselineGuard(2).baselineGuard()).isEqualTo(2);
    assertThat(DAILY.withSourceFloor(0.5).sourceFloor()).isEqualTo(0.5);
    assertThat(DAILY.withIscMinScore(5).iscMinScore()).isEqualTo(5.0);
  }

  @Test
  void with_refusesUnknownNames_badNumbers_andValuesTheSettingsRefuse() {
    assertThatThrownBy(() -> DAILY.with("minScores=4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no detection setting named minScores");
    assertThatThrownBy(() -> DAILY.with("fingerprintWindow=2.5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> DAILY.with("minScore"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no value");
    assertThatThrownBy(() -> DAILY.with("fingerprintWindow=0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad detection setting fingerprintWindow");
  }
}
