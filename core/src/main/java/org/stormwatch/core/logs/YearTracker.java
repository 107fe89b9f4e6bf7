package org.stormwatch.core.logs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The year of classic syslog stamps ({@code Mar 11 20:35:11}), which carry none.
 *
 * <p>The first stamp takes the year of the file's modification time, or the year before when its
 * month lies after the modification month (a file is written after its lines). {@code --year}
 * replaces that guess for the first stamp. From then on the year follows the months: a step back of
 * more than six months (December to January) starts the next year; a step forward of more than six
 * months is a late line of the previous year (a January file with a stray December line) and leaves
 * the running year alone. A log that spans more than a year without a line in between cannot be
 * told apart; pass {@code --year} for such files.
 */
final class YearTracker {
  private final Integer firstYear;
  private final int modifiedYear;
  private final int modifiedMonth;
  private int year;
  private int lastMonth;

  YearTracker(Integer firstYear, Instant modified, ZoneId zone) {
    this.firstYear = firstYear;
    LocalDate d = LocalDate.ofInstant(modified, zone);
    this.modifiedYear = d.getYear();
    this.modifiedMonth = d.getMonthValue();
  }

  /** The year of a stamp in {@code month} (1-12), given the stamps seen before it. */
  int yearFor(int month) {
    if (lastMonth == 0) {
      if (firstYear != null) {
        year = firstYear;
      } else {
        year = month <= modifiedMonth ? modifiedYear : modifiedYear - 1;
      }
      lastMonth = month;
      return year;
    }
    int step = month - lastMonth;
    if (step < -6) {
      year++;
      lastMonth = month;
      return year;
    }
    if (lastMonth == 1 && month == 12) {
      return year - 1;
    }
    lastMonth = month;
    return year;
  }
}
