package cn.anxin.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.rules.meters.MeterKind;
import cn.anxin.platform.rules.timers.RuleTimers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The clocked stack with elders who have a water and an electricity meter, and their readings. The
 * stack's periodic timer firing is stopped: timers fire only when the test moves the clock, after
 * the readings of the period have been published (as if each had arrived on time), so a timer is
 * never judged while the readings before its due time are still on their way.
 */
abstract class OnMeteredStack extends OnClockedStack {

  private Vertx firerVertx;
  private RuleTimers firer;

  @BeforeAll
  final void takeOverTimerFiring() {
    stack.stack().ruleTimers().stop();
    firerVertx = Vertx.vertx();
    firer = new RuleTimers(firerVertx, db, firerVertx.createSharedWorkerExecutor("meter-test-timers", 1), clock,
        RuleTimers.DEFAULT_PERIOD_MILLIS);
  }

  @AfterAll
  final void closeFirer() {
    if (firerVertx != null) {
      firerVertx.close();
    }
  }

  /** Fires every timer due at the clock's now, including those re-armed to now meanwhile. */
  protected void fireDue() throws Exception {
    while (firer.fireDue() > 0) {
      // fire until nothing due is left
    }
  }

  /** An elder with a water meter {@code wm-<name>} and an electricity meter {@code em-<name>}. */
  protected long elderWithMeters(String name) throws Exception {
    long elder = RuleFixtures.elderWith(db, "wm-" + name, "WATER_METER", "kitchen");
    RuleFixtures.deviceFor(db, elder, "em-" + name, "ELECTRICITY_METER", "hall");
    return elder;
  }

  /** Moves the clock to the next midnight (China Standard Time) at least a day ahead; returns that day. */
  protected LocalDate freshDay() throws Exception {
    LocalDate day = LocalDate.ofInstant(clock.instant(), RuleEngine.CARE_ZONE).plusDays(2);
    moveTo(midnight(day));
    return day;
  }

  protected static Instant midnight(LocalDate day) {
    return day.atStartOfDay(RuleEngine.CARE_ZONE).toInstant();
  }

  /** Moves the clock forward to {@code at} and fires what is due. */
  protected void moveTo(Instant at) throws Exception {
    if (at.isAfter(clock.instant())) {
      clock.set(at);
    }
    fireDue();
  }

  /**
   * Lives until {@code until}: moves the clock there, publishes the meter's readings whose interval
   * ends by then (after {@code after}), and fires what is due.
   */
  protected void live(String name, MeterKind kind, List<MeterRoutine.Reading> readings, Instant after, Instant until)
      throws Exception {
    if (until.isAfter(clock.instant())) {
      clock.set(until);
    }
    List<MeterRoutine.Reading> due = readings.stream()
        .filter(r -> r.end().isAfter(after) && !r.end().isAfter(until)).toList();
    if (!due.isEmpty()) {
      publishReadings(name, kind, due);
    }
    fireDue();
  }

  /** As {@link #live}, without firing timers: for several meters whose readings should all be in first. */
  protected void feed(String name, MeterKind kind, List<MeterRoutine.Reading> readings, Instant after, Instant until)
      throws Exception {
    if (until.isAfter(clock.instant())) {
      clock.set(until);
    }
    List<MeterRoutine.Reading> due = readings.stream()
        .filter(r -> r.end().isAfter(after) && !r.end().isAfter(until)).toList();
    if (!due.isEmpty()) {
      publishReadings(name, kind, due);
    }
  }

  /** Publishes readings of the elder's meter of a kind, with a register that counts up from 1000. */
  protected void publishReadings(String name, MeterKind kind, List<MeterRoutine.Reading> readings) throws Exception {
    double register = 1000;
    JsonObject[] payloads = new JsonObject[readings.size()];
    for (int i = 0; i < payloads.length; i++) {
      MeterRoutine.Reading r = readings.get(i);
      register += r.amount();
      payloads[i] = reading(name, kind, r, register);
    }
    publish(device(name, kind), kind == MeterKind.WATER ? "water" : "electricity", payloads);
  }

  protected static JsonObject reading(String name, MeterKind kind, MeterRoutine.Reading r, double register) {
    JsonObject payload = event(device(name, kind) + "-" + r.end().getEpochSecond(), r.end())
        .put("intervalMinutes", r.minutes());
    return kind == MeterKind.WATER
        ? payload.put("volumeL", r.amount()).put("registerL", register)
        : payload.put("energyWh", r.amount()).put("registerWh", register);
  }

  protected static String device(String name, MeterKind kind) {
    return (kind == MeterKind.WATER ? "wm-" : "em-") + name;
  }

  /** The event time of the elder's latest alert of a rule. */
  protected Instant alertTime(long elderId, String rule) throws Exception {
    try (var c = db.getConnection(); var s = c.prepareStatement(
        "SELECT event_time FROM alert WHERE elder_id = ? AND rule = ? ORDER BY id DESC LIMIT 1")) {
      s.setLong(1, elderId);
      s.setString(2, rule);
      try (var r = s.executeQuery()) {
        assertThat(r.next()).as("an alert " + rule).isTrue();
        Timestamp t = r.getTimestamp(1);
        return t.toInstant();
      }
    }
  }
}
