package cn.anxin.platform.rules;

import cn.anxin.gateway.decode.EventBody;
import cn.anxin.platform.rules.config.RuleSettings;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * Catalogue rule 5, abnormal vital signs of a person in bed: heart rate outside
 * [{@code hrLow}, {@code hrHigh}] or breathing rate outside [{@code rrLow}, {@code rrHigh}] for
 * {@code vitalsSustainSeconds}, or no breath (rate 0) for {@code noBreathSeconds}. "For" is judged
 * in event time from the journal: the run of abnormal readings that ends with this one, back to the
 * last normal or out-of-bed reading, must span the duration. A reading without {@code inBed}
 * counts as in bed (the radar measures a person lying still).
 */
public final class AbnormalVitalsRule implements Rule {

  public static final String CODE = "ABNORMAL_VITALS";

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    if (!(event.body() instanceof EventBody.VitalsMeasured vitals) || vitals.inBed().equals(Optional.of(false))) {
      return;
    }
    RuleSettings s = context.settings();
    IntPredicate heart = hr -> hr < s.integer("hrLow") || hr > s.integer("hrHigh");
    IntPredicate breath = rr -> rr < s.integer("rrLow") || rr > s.integer("rrHigh");
    IntPredicate noBreath = rr -> rr == 0;
    boolean suspicious = vitals.heartRate().stream().anyMatch(hr -> heart.test(hr))
        || vitals.breathingRate().stream().anyMatch(rr -> breath.test(rr));
    if (!suspicious) {
      return;
    }
    Duration sustain = s.duration("vitalsSustainSeconds");
    Duration noBreathFor = s.duration("noBreathSeconds");
    Duration lookBack = (sustain.compareTo(noBreathFor) > 0 ? sustain : noBreathFor).multipliedBy(2);
    List<JournalHistory.Vitals> readings =
        context.history().vitals(event.deviceId(), event.eventTime().minus(lookBack), event.eventTime());
    List<String> findings = new ArrayList<>();
    if (lasted(readings, JournalHistory.Vitals::heartRate, heart, event.eventTime(), sustain)) {
      findings.add("heart rate " + vitals.heartRate().map(String::valueOf).orElse("?"));
    }
    if (lasted(readings, JournalHistory.Vitals::breathingRate, breath, event.eventTime(), sustain)) {
      findings.add("breathing rate " + vitals.breathingRate().map(String::valueOf).orElse("?"));
    }
    if (lasted(readings, JournalHistory.Vitals::breathingRate, noBreath, event.eventTime(), noBreathFor)) {
      findings.add("no breath for " + noBreathFor.toSeconds() + " s");
    }
    if (!findings.isEmpty()) {
      context.note("abnormal vitals on " + event.deviceId() + ": " + String.join(", ", findings));
      context.raise(CODE, s.severity(), event.eventId(), event.deviceId(), event.eventTime(), event.zone());
    }
  }

  /**
   * Whether the readings (newest first) hold a run of abnormal values of one measure, ending at
   * {@code at}, that spans {@code duration}. Readings without the measure neither extend nor
   * break the run; a normal or out-of-bed reading ends it.
   */
  static boolean lasted(List<JournalHistory.Vitals> newestFirst, Function<JournalHistory.Vitals, Optional<Integer>> measure,
      IntPredicate abnormal, Instant at, Duration duration) {
    Instant runStart = null;
    for (JournalHistory.Vitals reading : newestFirst) {
      if (reading.eventTime().isAfter(at)) {
        continue;
      }
      if (!reading.inBed()) {
        break;
      }
      Optional<Integer> value = measure.apply(reading);
      if (value.isEmpty()) {
        continue;
      }
      if (!abnormal.test(value.get())) {
        break;
      }
      runStart = reading.eventTime();
    }
    return runStart != null && Duration.between(runStart, at).compareTo(duration) >= 0;
  }
}
