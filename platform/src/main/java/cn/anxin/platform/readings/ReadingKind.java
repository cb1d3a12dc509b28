package cn.anxin.platform.readings;

import java.time.Duration;
import java.util.Locale;

/** The kinds of reading the elder page charts, with the journal kind behind each and its default range. */
public enum ReadingKind {
  VITALS("VITALS", Duration.ofHours(24)),
  WATER("WATER_READING", Duration.ofDays(7)),
  ELECTRICITY("ELECTRICITY_READING", Duration.ofDays(7)),
  PRESENCE("PRESENCE", Duration.ofHours(24));

  private final String eventKind;
  private final Duration defaultRange;

  ReadingKind(String eventKind, Duration defaultRange) {
    this.eventKind = eventKind;
    this.defaultRange = defaultRange;
  }

  /** {@code device_event.kind} of these readings. */
  public String eventKind() {
    return eventKind;
  }

  public Duration defaultRange() {
    return defaultRange;
  }

  /** The name in the API ({@code vitals}, {@code water} ...). */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ReadingKind ofApiName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
