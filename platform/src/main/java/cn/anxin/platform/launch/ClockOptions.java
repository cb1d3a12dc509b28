package cn.anxin.platform.launch;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --clock-origin} and {@code --clock-speed}: run the platform on a {@link SimulatedClock}
 * (off by default: real time). For simulated days with {@code device-sim scenario}.
 */
final class ClockOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--clock-origin", paramLabel = "TIME",
      description = "Start the platform's clock at this time (ISO 8601 with offset, e.g."
          + " 2026-03-01T00:00+08:00) instead of now. Simulated runs only.")
  String origin;

  @Option(names = "--clock-speed", paramLabel = "FACTOR",
      description = "Run the platform's clock this many times faster than real time (1440: a day a"
          + " minute). Timer loops still poll on real time (1 s = 24 simulated minutes at 1440).")
  Double speed;

  /** Whether the platform is asked to run on a simulated clock. */
  boolean given() {
    return origin != null || speed != null;
  }

  /** The options on the simulated clock asked for, or unchanged when neither option was given. */
  StackOptions apply(StackOptions options) {
    if (origin == null && speed == null) {
      return options;
    }
    Instant start;
    try {
      start = origin == null ? Instant.now() : OffsetDateTime.parse(origin).toInstant();
    } catch (DateTimeParseException e) {
      throw new ParameterException(spec.commandLine(),
          "--clock-origin must be a time with offset such as 2026-03-01T00:00+08:00, was " + origin);
    }
    try {
      return options.withClock(SimulatedClock.startingAt(start, speed == null ? 1 : speed));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--clock-speed: " + e.getMessage());
    }
  }
}
