package cn.anxin.platform.rules.meters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A baseline's figures from half hours laid out by hand: days with data, mornings, nights, activity. */
class MeterBaselineTest {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 29);

  private static Instant at(LocalDate d, int hour, int minute) {
    return MeterBaseline.midnight(d).plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
  }

  @Test
  void givenTenDaysOfAFridgeAndA0630Kettle_whenTheBaselineIsRead_thenItsFiguresFollow() {
    NavigableMap<Instant, Double> buckets = new TreeMap<>();
    for (int back = 1; back <= 10; back++) {
      LocalDate d = DAY.minusDays(back);
      for (int slot = 0; slot < MeterBaseline.SLOTS; slot++) {
        buckets.put(MeterBaseline.midnight(d).plus(Duration.ofMinutes(30L * slot)), 20.0);
      }
      buckets.put(at(d, 6, 30), 300.0);
      buckets.put(at(d, 23, 0), 120.0);
    }
    buckets.put(at(DAY, 1, 0), 999.0);
    buckets.put(at(DAY.minusDays(40), 1, 0), 999.0);

    MeterBaseline baseline = MeterBaseline.of(DAY, buckets);

    assertThat(baseline.daysWithData()).as("the day itself and days before the 28 are not in it").isEqualTo(10);
    assertThat(baseline.learned(14)).isFalse();
    assertThat(baseline.learned(10)).isTrue();
    assertThat(baseline.floor()).isEqualTo(20.0);
    assertThat(baseline.dailyActive(30)).hasSize(10).containsOnly(2);
    assertThat(baseline.usualMorningStart(30)).contains(Duration.ofHours(7));
    assertThat(baseline.slotMean(13)).isEqualTo(300.0);
    // Nights of the last 9 days start on a day with data (22:00-06:00: 16 half hours, one at 23:00).
    assertThat(baseline.nightTotals()).hasSize(10).contains(15 * 20.0 + 120.0);
  }
}
