package cn.anxin.platform.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulatedClockTest {

  private static final Instant ORIGIN = OffsetDateTime.parse("2026-03-01T00:00+08:00").toInstant();

  @Test
  void aSimulatedClockStartsAtItsOriginAndMovesForward() {
    SimulatedClock clock = SimulatedClock.startingAt(ORIGIN, 1440);
    Instant first = clock.instant();
    Instant second = clock.withZone(ZoneId.of("Asia/Shanghai")).instant();
    assertThat(first).isAfterOrEqualTo(ORIGIN).isBefore(ORIGIN.plusSeconds(86_400));
    assertThat(second).isAfterOrEqualTo(first);
    assertThat(clock.speed()).isEqualTo(1440);
  }

  @Test
  void speedsOfZeroOrLessOrAboveTheMaximumAreRefused() {
    assertThatThrownBy(() -> SimulatedClock.startingAt(ORIGIN, 0)).hasMessageContaining("above 0");
    assertThatThrownBy(() -> SimulatedClock.startingAt(ORIGIN, -2)).hasMessageContaining("above 0");
    assertThatThrownBy(() -> SimulatedClock.startingAt(ORIGIN, 1e6)).hasMessageContaining("at most 100000");
  }

  @Test
  void theRunAndDemoCommandsTakeTheClockOptions() {
    AnxinMain main = new AnxinMain();
    new CommandLine(main).parseArgs("--clock-origin", "2026-03-01T00:00+08:00", "--clock-speed", "1440");
    StackOptions options = main.clock.apply(StackOptions.loopback());
    assertThat(options.clock()).isInstanceOfSatisfying(SimulatedClock.class, c -> {
      assertThat(c.speed()).isEqualTo(1440);
      assertThat(c.instant()).isAfterOrEqualTo(ORIGIN);
    });

    AnxinMain.Demo demo = new AnxinMain.Demo();
    new CommandLine(demo).parseArgs("--clock-speed", "60");
    assertThat(demo.clock.apply(StackOptions.loopback()).clock()).isInstanceOf(SimulatedClock.class);

    AnxinMain plain = new AnxinMain();
    new CommandLine(plain).parseArgs();
    StackOptions real = StackOptions.loopback();
    assertThat(plain.clock.apply(real)).isSameAs(real);
  }

  @Test
  void aWrongOriginOrSpeedIsAClearCommandLineError() {
    AnxinMain main = new AnxinMain();
    new CommandLine(main).parseArgs("--clock-origin", "yesterday");
    assertThatThrownBy(() -> main.clock.apply(StackOptions.loopback()))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--clock-origin must be a time with offset such as 2026-03-01T00:00+08:00, was yesterday");

    AnxinMain fast = new AnxinMain();
    new CommandLine(fast).parseArgs("--clock-speed", "0");
    assertThatThrownBy(() -> fast.clock.apply(StackOptions.loopback()))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--clock-speed");
  }
}
