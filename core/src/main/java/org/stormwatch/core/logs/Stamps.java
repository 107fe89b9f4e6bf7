package org.stormwatch.core.logs;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Reads the time stamp that starts a log line or field, in any of the forms logs use, into UTC
 * nanoseconds, without allocating:
 *
 * <ul>
 *   <li>an optional syslog priority {@code <13>}, and after it the RFC 5424 version {@code 1};
 *   <li>classic syslog {@code Mar 11 20:35:11}, also with a fraction ({@code journalctl -o
 *       short-precise}, tcpdump {@code -ttt} on OpenBSD) and with a year after the day (Cisco
 *       {@code Jul 05 2004 00:58:00});
 *   <li>ISO 8601 / RFC 3339 {@code 2015-03-07T05:09:30.045015+02:00}, with {@code T} or a space, an
 *       offset as {@code Z}, {@code +02:00}, {@code +0200} ({@code journalctl -o short-iso}), after
 *       a space ({@code 2002-09-28 12:34:56 -05:00}, DShield), or none;
 *   <li>a unix time {@code 1617181920.5} (DShield sensor, Zeek); 13 digits or more are
 *       milliseconds.
 * </ul>
 *
 * Stamps without an offset are local times in the configured zone; stamps without a year get one
 * from a {@link YearTracker}. One instance per file (the year and the zone cache are per file).
 * After a successful {@link #parse}, {@link #nanos()} and {@link #end()} hold the result.
 */
final class Stamps {
  private static final long NANOS = 1_000_000_000L;
  private final YearTracker years;
  private final ZoneId zone;
  private final int fixedOffset;
  private final ZoneRules rules;
  private long cachedHour = Long.MIN_VALUE;
  private int cachedOffset;
  private long nanos;

  /** What the last {@link #fraction} call read. */
  private long fractionNanos;

  private int end;
  private boolean hadYear;

  /** Whether the last successful parse was of the classic form. */
  private boolean classic;

  // The last classic stamp's bytes and the one byte after it, and what they came to (see parse
  // of a ByteLine); cachedLength -1 when there is none.
  private final byte[] cachedStamp = new byte[CACHE_MAX];
  private int cachedLength = -1;
  private long cachedNanos;
  private boolean cachedHadYear;
  private static final int CACHE_MAX = 48;

  Stamps(LogOptions options) {
    this.zone = options.zoneOrUtc();
    this.years = new YearTracker(options.year(), options.modifiedOrNow(), zone);
    this.rules = zone.getRules();
    this.fixedOffset =
        rules.isFixedOffset()
            ? rules.getOffset(java.time.Instant.EPOCH).getTotalSeconds()
            : Integer.MIN_VALUE;
  }

  long nanos() {
    return nanos;
  }

  /** The index just after the stamp. */
  int end() {
    return end;
  }

  /**
   * Parses a stamp starting at {@code from}.
   *
   * @return whether one was there; when not, the results are undefined
   */
  boolean parse(CharSequence s, int from, int to) {
    cachedLength = -1;
    return parseText(s, from, to);
  }

  /**
   * {@link #parse(CharSequence, int, int)} on a line's bytes ({@code from} and {@code to} relative
   * to its start), for the netfilter hot path: a classic stamp whose bytes equal the last one's is
   * not parsed again. Syslog writes a run of lines in the same second, so nearly every line hits.
   * Exact: a classic stamp's parse reads no byte beyond the one just after it, so equal bytes up to
   * that one (and a line long enough to hold it) give an equal result; and the year tracker answers
   * a repeated month the same as before, so skipping its call changes nothing. Any parse that is
   * not a hit clears the cache before it runs.
   */
  boolean parse(ByteLine line, int from, int to) {
    byte[] b = line.bytes();
    int at = line.start() + from;
    int n = cachedLength;
    if (n > 0 && to - from >= n && Bytes.equals(b, at, cachedStamp, 0, n)) {
      nanos = cachedNanos;
      hadYear = cachedHadYear;
      end = from + n - 1;
      return true;
    }
    cachedLength = -1;
    if (!parseText(line, from, to)) {
      return false;
    }
    int length = end - from + 1;
    if (classic && end < to && length <= CACHE_MAX) {
      System.arraycopy(b, at, cachedStamp, 0, length);
      cachedLength = length;
      cachedNanos = nanos;
      cachedHadYear = hadYear;
    }
    return true;
  }

  private boolean parseText(CharSequence s, int from, int to) {
    classic = false;
    int i = from;
    if (i < to && s.charAt(i) == '<') {
      int j = i + 1;
      while (j < to && j - i <= 4 && isDigit(s.charAt(j))) {
        j++;
      }
      if (j == i + 1 || j >= to || s.charAt(j) != '>') {
        return false;
      }
      i = j + 1;
      if (i + 1 < to && s.charAt(i) == '1' && s.charAt(i + 1) == ' ') {
        i += 2;
      }
    }
    if (i >= to) {
      return false;
    }
    char c = s.charAt(i);
    if (isLetter(c)) {
      return classic(s, i, to);
    }
    if (!isDigit(c)) {
      return false;
    }
    if (i + 4 < to && s.charAt(i + 4) == '-') {
      return iso(s, i, to);
    }
    return epoch(s, i, to);
  }

  /** Whether the last stamp parsed carried its own year. */
  boolean hadYear() {
    return hadYear;
  }

  private boolean classic(CharSequence s, int from, int to) {
    if (from + 3 > to) {
      return false;
    }
    int month = month(s, from);
    if (month == 0) {
      return false;
    }
    int i = from + 3;
    if (i >= to || s.charAt(i) != ' ') {
      return false;
    }
    i++;
    if (i < to && s.charAt(i) == ' ') {
      i++;
    }
    int day = 0;
    int digits = 0;
    while (i < to && isDigit(s.charAt(i)) && digits < 2) {
      day = day * 10 + (s.charAt(i) - '0');
      i++;
      digits++;
    }
    if (digits == 0 || i >= to || s.charAt(i) != ' ') {
      return false;
    }
    i++;
    int year = -1;
    if (i + 4 < to
        && isDigit(s.charAt(i))
        && isDigit(s.charAt(i + 1))
        && isDigit(s.charAt(i + 2))
        && isDigit(s.charAt(i + 3))
        && s.charAt(i + 4) == ' ') {
      year = num(s, i, 4);
      i += 5;
    }
    int h = clock(s, i, to);
    if (h < 0) {
      return false;
    }
    int hour = h / 3600;
    int minute = h / 60 % 60;
    int second = h % 60;
    i += 8;
    long frac = 0;
    if (i < to && s.charAt(i) == '.') {
      int j = fraction(s, i, to);
      frac = fractionNanos;
      if (j == i + 1) {
        return false;
      }
      i = j;
    }
    if (day < 1 || day > daysInMonth(year < 0 ? 2000 : year, month)) {
      return false;
    }
    hadYear = year >= 0;
    if (year < 0) {
      year = years.yearFor(month);
      if (day > daysInMonth(year, month)) {
        return false;
      }
    }
    long local = daysFromCivil(year, month, day) * 86400L + hour * 3600L + minute * 60L + second;
    nanos = (local - offsetOfLocal(local)) * NANOS + frac;
    end = i;
    classic = true;
    return true;
  }

  /**
   * Reads the digits after a decimal separator at {@code s[separator]} into {@link #fractionNanos}
   * (digits beyond nanoseconds are read and ignored).
   *
   * @return the index after the digits ({@code separator + 1} when there are none)
   */
  private int fraction(CharSequence s, int separator, int to) {
    int j = separator + 1;
    long scale = NANOS;
    long frac = 0;
    while (j < to && isDigit(s.charAt(j))) {
      if (scale > 1) {
        scale /= 10;
        frac += (s.charAt(j) - '0') * scale;
      }
      j++;
    }
    fractionNanos = frac;
    return j;
  }

  private boolean iso(CharSequence s, int from, int to) {
    int i = from;
    if (i + 19 > to) {
      return false;
    }
    if (!allDigits(s, i, 4)
        || s.charAt(i + 4) != '-'
        || !allDigits(s, i + 5, 2)
        || s.charAt(i + 7) != '-'
        || !allDigits(s, i + 8, 2)) {
      return false;
    }
    int year = num(s, i, 4);
    int month = num(s, i + 5, 2);
    int day = num(s, i + 8, 2);
    char sep = s.charAt(i + 10);
    if (sep != 'T' && sep != ' ') {
      return false;
    }
    int h = clock(s, i + 11, to);
    if (h < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      return false;
    }
    i += 19;
    long frac = 0;
    if (i < to && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
      int j = fraction(s, i, to);
      frac = fractionNanos;
      if (j == i + 1) {
        return false;
      }
      i = j;
    }
    long local = daysFromCivil(year, month, day) * 86400L + h;
    int offset;
    int k = i;
    if (k + 1 < to && s.charAt(k) == ' ' && (s.charAt(k + 1) == '+' || s.charAt(k + 1) == '-')) {
      k++;
    }
    if (k < to && s.charAt(k) == 'Z') {
      offset = 0;
      i = k + 1;
    } else if (k < to && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
      int sign = s.charAt(k) == '-' ? -1 : 1;
      if (k + 5 <= to
          && allDigits(s, k + 1, 2)
          && s.charAt(k + 3) == ':'
          && k + 6 <= to
          && allDigits(s, k + 4, 2)) {
        offset = sign * (num(s, k + 1, 2) * 3600 + num(s, k + 4, 2) * 60);
        i = k + 6;
      } else if (k + 5 <= to && allDigits(s, k + 1, 4)) {
        offset = sign * (num(s, k + 1, 2) * 3600 + num(s, k + 3, 2) * 60);
        i = k + 5;
      } else if (k + 3 <= to
          && allDigits(s, k + 1, 2)
          && (k + 3 == to || !isDigit(s.charAt(k + 3)))) {
        offset = sign * num(s, k + 1, 2) * 3600;
        i = k + 3;
      } else {
        return false;
      }
      if (Math.abs(offset) > 18 * 3600) {
        return false;
      }
    } else {
      offset = offsetOfLocal(local);
    }
    hadYear = true;
    nanos = (local - offset) * NANOS + frac;
    end = i;
    return true;
  }

  private boolean epoch(CharSequence s, int from, int to) {
    int i = from;
    long whole = 0;
    int digits = 0;
    while (i < to && isDigit(s.charAt(i))) {
      if (digits == 16) {
        return false;
      }
      whole = whole * 10 + (s.charAt(i) - '0');
      i++;
      digits++;
    }
    if (digits < 9) {
      return false;
    }
    long frac = 0;
    if (i < to && s.charAt(i) == '.') {
      int j = fraction(s, i, to);
      frac = fractionNanos;
      i = j;
    }
    if (i < to && isLetter(s.charAt(i))) {
      return false;
    }
    if (digits >= 13) {
      // Milliseconds since the epoch (a fraction after them is below a millisecond).
      nanos = whole * 1_000_000L + frac / 1000;
    } else {
      nanos = whole * NANOS + frac;
    }
    hadYear = true;
    end = i;
    return true;
  }

  /** The zone's offset for a local time given as seconds since 1970-01-01T00:00 local. */
  private int offsetOfLocal(long localSeconds) {
    if (fixedOffset != Integer.MIN_VALUE) {
      return fixedOffset;
    }
    long hour = Math.floorDiv(localSeconds, 3600);
    if (hour != cachedHour) {
      cachedHour = hour;
      cachedOffset =
          rules
              .getOffset(LocalDateTime.ofEpochSecond(hour * 3600, 0, ZoneOffset.UTC))
              .getTotalSeconds();
    }
    return cachedOffset;
  }

  /** {@code hh:mm:ss} at {@code i} as seconds of the day, or -1. */
  private static int clock(CharSequence s, int i, int to) {
    if (i + 8 > to
        || !allDigits(s, i, 2)
        || s.charAt(i + 2) != ':'
        || !allDigits(s, i + 3, 2)
        || s.charAt(i + 5) != ':'
        || !allDigits(s, i + 6, 2)) {
      return -1;
    }
    int h = num(s, i, 2);
    int m = num(s, i + 3, 2);
    int sec = num(s, i + 6, 2);
    if (h > 23 || m > 59 || sec > 60) {
      return -1;
    }
    return h * 3600 + m * 60 + Math.min(sec, 59);
  }

  /** The month of a three-letter English abbreviation (any case) at {@code i}, or 0. */
  static int month(CharSequence s, int i) {
    int a = s.charAt(i) | 0x20;
    int b = s.charAt(i + 1) | 0x20;
    int c = s.charAt(i + 2) | 0x20;
    switch (a) {
      case 'j':
        if (b == 'a' && c == 'n') {
          return 1;
        }
        if (b == 'u' && c == 'n') {
          return 6;
        }
        return b == 'u' && c == 'l' ? 7 : 0;
      case 'f':
        return b == 'e' && c == 'b' ? 2 : 0;
      case 'm':
        if (b == 'a' && c == 'r') {
          return 3;
        }
        return b == 'a' && c == 'y' ? 5 : 0;
      case 'a':
        if (b == 'p' && c == 'r') {
          return 4;
        }
        return b == 'u' && c == 'g' ? 8 : 0;
      case 's':
        return b == 'e' && c == 'p' ? 9 : 0;
      case 'o':
        return b == 'c' && c == 't' ? 10 : 0;
      case 'n':
        return b == 'o' && c == 'v' ? 11 : 0;
      case 'd':
        return b == 'e' && c == 'c' ? 12 : 0;
      default:
        return 0;
    }
  }

  static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  static long daysFromCivil(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  private static boolean allDigits(CharSequence s, int i, int n) {
    for (int k = 0; k < n; k++) {
      if (!isDigit(s.charAt(i + k))) {
        return false;
      }
    }
    return true;
  }

  private static int num(CharSequence s, int i, int n) {
    int v = 0;
    for (int k = 0; k < n; k++) {
      v = v * 10 + (s.charAt(i + k) - '0');
    }
    return v;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
