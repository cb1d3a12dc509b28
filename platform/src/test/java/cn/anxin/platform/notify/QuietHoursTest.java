package cn.anxin.platform.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

  private final QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), QuietHours.DEFAULT_ZONE);

  @Test
  void givenQuietHoursAcrossMidnight_whenAMessageFallsBeforeMidnight_thenItWaitsUntilSevenNextMorning() {
    Instant lateEvening = Instant.parse("2026-11-29T15:30:00Z"); // 23:30 Beijing

    assertThat(night.releaseAt(lateEvening)).isEqualTo(Instant.parse("2026-11-29T23:00:00Z"));
  }

  @Test
  void givenQuietHoursAcrossMidnight_whenAMessageFallsAfterMidnight_thenItWaitsUntilSevenThatMorning() {
    assertThat(night.releaseAt(Instant.parse("2026-11-29T19:00:00Z"))).isEqualTo(Instant.parse("2026-11-29T23:00:00Z"));
  }

  @Test
  void givenQuietHours_whenAMessageFallsOutsideOrOnTheEnd_thenItGoesAtOnce() {
    Instant afternoon = Instant.parse("2026-11-29T06:00:00Z");
    Instant seven = Instant.parse("2026-11-29T23:00:00Z");

    assertThat(night.releaseAt(afternoon)).isEqualTo(afternoon);
    assertThat(night.releaseAt(seven)).isEqualTo(seven);
    assertThat(night.contains(Instant.parse("2026-11-29T14:00:00Z"))).as("22:00 itself is quiet").isTrue();
  }

  @Test
  void givenDaytimeQuietHours_whenAMessageFallsInside_thenItWaitsUntilTheirEndThatDay() {
    QuietHours nap = new QuietHours(LocalTime.of(12, 0), LocalTime.of(14, 0), QuietHours.DEFAULT_ZONE);

    assertThat(nap.releaseAt(Instant.parse("2026-11-29T04:30:00Z"))).isEqualTo(Instant.parse("2026-11-29T06:00:00Z"));
  }

  @Test
  void givenSeverities_whenAskedWhatQuietHoursHold_thenOnlyP3AndP4() {
    assertThat(QuietHours.holds("P1")).isFalse();
    assertThat(QuietHours.holds("P2")).isFalse();
    assertThat(QuietHours.holds("P3")).isTrue();
    assertThat(QuietHours.holds("P4")).isTrue();
  }

  @Test
  void givenTheSameStartAndEnd_whenMade_thenRefused() {
    assertThatThrownBy(() -> new QuietHours(LocalTime.NOON, LocalTime.NOON, QuietHours.DEFAULT_ZONE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
