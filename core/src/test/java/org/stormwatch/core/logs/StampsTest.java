package org.stormwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.input.InputException;

class StampsTest {
  private static final String TAIL =
      " h kernel: IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=44 TTL=9 PROTO=TCP SPT=1 DPT=2 SYN\n";

  @Test
  void daysFromCivilAgreesWithLocalDate() {
    for (LocalDate d = LocalDate.of(1899, 12, 25); d.getYear() < 2101; d = d.plusDays(13)) {
      assertThat(Stamps.daysFromCivil(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
          .isEqualTo(d.toEpochDay());
    }
  }

  @Test
  void classicStampsTakeTheYearOfTheFileModificationTime() throws IOException, InputException {
    LogOptions opts = LogOptions.defaults().withFileModified(Instant.parse("2019-05-02T00:00:00Z"));
    LogTesting.Result r = LogTesting.read("Apr 30 10:00:00" + TAIL, opts);
    assertThat(r.probes().get(0).time()).isEqualTo(Instant.parse("2019-04-30T10:00:00Z"));
  }

  @Test
  void aFirstMonthAfterTheModificationMonthIsLastYear() throws IOException, InputException {
    LogOptions opts = LogOptions.defaults().withFileModified(Instant.parse("2019-01-03T00:00:00Z"));
    LogTesting.Result r =
        LogTesting.read("Dec 30 10:00:00" + TAIL + "Jan  2 10:00:00" + TAIL, opts);
    assertThat(r.probes().get(0).time()).isEqualTo(Instant.parse("2018-12-30T10:00:00Z"));
    assertThat(r.probes().get(1).time()).isEqualTo(Instant.parse("2019-01-02T10:00:00Z"));
  }

  @Test
  void decemberToJanuaryInsideOneFileStartsTheNextYear() throws IOException, InputException {
    LogOptions opts = LogOptions.defaults().withYear(2002);
    String text =
        "Dec 31 23:59:59"
            + TAIL
            + "Jan  1 00:00:01"
            + TAIL
            + "Dec 31 23:59:58"
            + TAIL
            + "Jan  1 00:00:02"
            + TAIL
            + "Feb  1 00:00:00"
            + TAIL;
    LogTesting.Result r = LogTesting.read(text, opts);
    assertThat(r.probes())
        .extracting(p -> p.time().toString())
        .containsExactly(
            "2002-12-31T23:59:59Z",
            "2003-01-01T00:00:01Z",
            "2002-12-31T23:59:58Z",
            "2003-01-01T00:00:02Z",
            "2003-02-01T00:00:00Z");
  }

  @Test
  void february29thGetsALeapYearOrIsMalformed() throws IOException, InputException {
    LogTesting.Result leap =
        LogTesting.read("Feb 29 10:00:00" + TAIL, LogOptions.defaults().withYear(2016));
    assertThat(leap.stats().probes()).isEqualTo(1);
    LogTesting.Result notLeap =
        LogTesting.read("Feb 29 10:00:00" + TAIL, LogOptions.defaults().withYear(2015));
    assertThat(notLeap.stats().malformed().get("bad time stamp")).isEqualTo(1);
  }

  @Test
  void zoneAppliesToStampsWithoutOffsetAcrossDaylightSaving() {
    Stamps s =
        new Stamps(LogOptions.defaults().withZone(ZoneId.of("America/New_York")).withYear(2021));
    assertThat(s.parse("Mar 13 12:00:00", 0, 15)).isTrue();
    assertThat(s.nanos())
        .isEqualTo(Instant.parse("2021-03-13T17:00:00Z").getEpochSecond() * 1_000_000_000L);
    assertThat(s.parse("Mar 15 12:00:00", 0, 15)).isTrue();
    assertThat(s.nanos())
        .isEqualTo(Instant.parse("2021-03-15T16:00:00Z").getEpochSecond() * 1_000_000_000L);
    // an explicit offset wins over the zone
    assertThat(s.parse("2021-03-15T12:00:00Z", 0, 20)).isTrue();
    assertThat(s.nanos())
        .isEqualTo(Instant.parse("2021-03-15T12:00:00Z").getEpochSecond() * 1_000_000_000L);
  }

  @Test
  void readsDshieldCiscoAndUnixForms() {
    Stamps s = new Stamps(LogOptions.defaults());
    String dshield = "2002-09-28 12:34:56 -05:00";
    assertThat(s.parse(dshield, 0, dshield.length())).isTrue();
    assertThat(s.end()).isEqualTo(dshield.length());
    assertThat(s.nanos() / 1_000_000_000L)
        .isEqualTo(Instant.parse("2002-09-28T17:34:56Z").getEpochSecond());
    String cisco = "<164>Jul 05 2004 00:58:00: %PIX";
    assertThat(s.parse(cisco, 0, cisco.length())).isTrue();
    assertThat(s.nanos() / 1_000_000_000L)
        .isEqualTo(Instant.parse("2004-07-05T00:58:00Z").getEpochSecond());
    String unix = "1268758214.788023";
    assertThat(s.parse(unix, 0, unix.length())).isTrue();
    assertThat(s.nanos()).isEqualTo(1268758214_788023000L);
    String millis = "1268758214788";
    assertThat(s.parse(millis, 0, millis.length())).isTrue();
    assertThat(s.nanos()).isEqualTo(1268758214_788000000L);
    assertThat(s.parse("12:00 foo", 0, 9)).isFalse();
    assertThat(s.parse("2021-13-01T00:00:00Z", 0, 20)).isFalse();
  }

  @Test
  void aRepeatedClassicStampGivesTheSameTimeFromTheCache() {
    Stamps stamps =
        new Stamps(LogOptions.defaults().withFileModified(Instant.parse("2019-05-02T00:00:00Z")));
    ByteLine a = ByteLine.of("Apr 30 10:00:00 h kernel: IN=");
    assertThat(stamps.parse(a, 0, 26)).isTrue();
    long first = stamps.nanos();
    assertThat(stamps.end()).isEqualTo(15);
    ByteLine b = ByteLine.of("Apr 30 10:00:00 other host: IN=");
    assertThat(stamps.parse(b, 0, 28)).isTrue();
    assertThat(stamps.nanos()).isEqualTo(first);
    assertThat(stamps.end()).isEqualTo(15);
    assertThat(first)
        .isEqualTo(Instant.parse("2019-04-30T10:00:00Z").getEpochSecond() * 1_000_000_000L);
  }

  @Test
  void theCacheLooksAtTheByteAfterTheStampAndAtTheLineEnd() {
    Stamps stamps =
        new Stamps(LogOptions.defaults().withFileModified(Instant.parse("2019-05-02T00:00:00Z")));
    assertThat(stamps.parse(ByteLine.of("Apr 30 10:00:00 h"), 0, 17)).isTrue();
    // The same 15 bytes, then a fraction: not the cached stamp.
    assertThat(stamps.parse(ByteLine.of("Apr 30 10:00:00.25 h"), 0, 20)).isTrue();
    assertThat(stamps.nanos() % 1_000_000_000L).isEqualTo(250_000_000L);
    assertThat(stamps.end()).isEqualTo(18);
    // The same stamp again, then one cut where the byte after it would be: parsed, not cached.
    assertThat(stamps.parse(ByteLine.of("Apr 30 10:00:00 h"), 0, 17)).isTrue();
    assertThat(stamps.parse(ByteLine.of("Apr 30 10:00:00"), 0, 15)).isTrue();
    assertThat(stamps.end()).isEqualTo(15);
    // A stamp the cache once held, after a bad one in between: still right.
    assertThat(stamps.parse(ByteLine.of("Apr 31 10:00:00 h"), 0, 17)).isFalse();
    assertThat(stamps.parse(ByteLine.of("Apr 30 10:00:00 h"), 0, 17)).isTrue();
    assertThat(stamps.nanos())
        .isEqualTo(Instant.parse("2019-04-30T10:00:00Z").getEpochSecond() * 1_000_000_000L);
  }

  @Test
  void aCachedStampDoesNotHideAYearRollover() {
    Stamps stamps =
        new Stamps(LogOptions.defaults().withFileModified(Instant.parse("2019-01-03T00:00:00Z")));
    assertThat(stamps.parse(ByteLine.of("Dec 31 23:59:59 h"), 0, 17)).isTrue();
    assertThat(stamps.parse(ByteLine.of("Jan  1 00:00:00 h"), 0, 17)).isTrue();
    assertThat(stamps.nanos())
        .isEqualTo(Instant.parse("2019-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L);
    assertThat(stamps.parse(ByteLine.of("Jan  1 00:00:00 h"), 0, 17)).isTrue();
    assertThat(stamps.nanos())
        .isEqualTo(Instant.parse("2019-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L);
    // A late December line after January: last year's, and the January stamp keeps its year.
    assertThat(stamps.parse(ByteLine.of("Dec 31 23:59:59 h"), 0, 17)).isTrue();
    assertThat(stamps.nanos())
        .isEqualTo(Instant.parse("2018-12-31T23:59:59Z").getEpochSecond() * 1_000_000_000L);
    assertThat(stamps.parse(ByteLine.of("Dec 31 23:59:59 h"), 0, 17)).isTrue();
    assertThat(stamps.nanos())
        .isEqualTo(Instant.parse("2018-12-31T23:59:59Z").getEpochSecond() * 1_000_000_000L);
    assertThat(stamps.parse(ByteLine.of("Jan  1 00:00:00 h"), 0, 17)).isTrue();
    assertThat(stamps.nanos())
        .isEqualTo(Instant.parse("2019-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L);
  }
}
