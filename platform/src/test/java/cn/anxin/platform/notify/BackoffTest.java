package cn.anxin.platform.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void givenTheDefaultSchedule_whenAttemptsFail_thenWaitsGrowAndTheLastStepRepeatsWithinTheJitter() {
    Backoff backoff = new Backoff(NotifyOptions.DEFAULT_BACKOFF, 0.2, new SplittableRandom(7));

    for (int attempt = 1; attempt <= 8; attempt++) {
      Duration base = NotifyOptions.DEFAULT_BACKOFF.get(Math.min(attempt, 5) - 1);
      for (int i = 0; i < 50; i++) {
        Duration wait = backoff.after(attempt);
        assertThat(wait).isBetween(base.multipliedBy(8).dividedBy(10), base.multipliedBy(12).dividedBy(10));
      }
    }
  }

  @Test
  void givenJitter_whenManyWaitsAreDrawn_thenTheyAreSpreadNotEqual() {
    Backoff backoff = new Backoff(List.of(Duration.ofMinutes(2)), 0.2, new SplittableRandom(11));

    assertThat(java.util.stream.IntStream.range(0, 20).mapToObj(i -> backoff.after(1)).distinct().count())
        .isGreaterThan(10);
  }

  @Test
  void givenScheduleAndAttemptsInTheEnvironment_whenRead_thenTheyAreUsed() {
    NotifyOptions options = NotifyOptions.fromEnv(Map.of("ANXIN_NOTIFY_BACKOFF", "10s, 1m,2h",
        "ANXIN_NOTIFY_MAX_ATTEMPTS", "4", "ANXIN_SMS_URL", "https://sms.example/send",
        "ANXIN_SMTP_HOST", "mail.example", "ANXIN_SMTP_FROM", "notify@anxin.example", "ANXIN_SMTP_STARTTLS", "true"));

    assertThat(options.backoff()).containsExactly(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(2));
    assertThat(options.maxAttempts()).isEqualTo(4);
    assertThat(options.sms()).get().extracting(s -> s.url().toString()).isEqualTo("https://sms.example/send");
    assertThat(options.smtp()).get().satisfies(s -> {
      assertThat(s.port()).isEqualTo(25);
      assertThat(s.startTls()).isTrue();
      assertThat(s.authenticates()).isFalse();
    });
    assertThat(NotifyOptions.fromEnv(Map.of()).sms()).isEmpty();
  }
}
