package cn.anxin.platform.rules.meters;

import cn.anxin.platform.rules.Rule;
import cn.anxin.platform.rules.RuleContext;
import cn.anxin.platform.rules.RuleEvent;
import cn.anxin.platform.rules.config.RuleSettings;
import cn.anxin.platform.rules.timers.DueTimer;
import cn.anxin.platform.rules.timers.TimerRequest;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Catalogue rules 7 and 8, too little water: less than {@code minLitres} in a rolling
 * {@code windowHours} (12 h: 10 L, P2; 24 h: 8 L, P1). An absence of events, so a durable timer per
 * elder (purpose {@code dry}) is due when the window's use will have fallen below the limit if no
 * more water is used: the end of the latest half hour from which on the use reaches the limit, plus
 * the window. Each reading with use moves it (late readings too: the half hours say where the water
 * was). It fires 30 minutes after that moment, when the window's last readings are in; the half
 * hours of the window are summed again and below the limit it raises, with that moment as the event
 * time (when the meter has not reported up to that moment yet, it looks again hourly for up to 26 h:
 * a meter that uploads once a day is judged on its readings). Without enough use in twice the window, it is due when the window
 * is first covered by data (at once when it already is). Readings of zero do not move the timer: a
 * meter that has never measured use for the elder arms nothing (a silent meter is DEVICE_OFFLINE's).
 */
public final class WaterDryRule implements Rule {

  public static final String DRY = "dry";
  /**
   * The window is judged this long after it ends, so that the readings of its last half hour are in
   * (meters report every 15-30 minutes; a backlog is processed in seconds).
   */
  static final Duration JUDGED_AFTER = Duration.ofMinutes(30);

  private final String code;

  private WaterDryRule(String code) {
    this.code = code;
  }

  public static WaterDryRule twelveHours() {
    return new WaterDryRule("WATER_12H");
  }

  public static WaterDryRule twentyFourHours() {
    return new WaterDryRule("WATER_24H");
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    var metered = context.metered().filter(m -> m.kind() == MeterKind.WATER && m.skipped().isEmpty());
    if (metered.isEmpty() || metered.get().amount() < MeterRuleSupport.WATER_USE_LITRES) {
      return;
    }
    Instant dryAt = dryAt(context, event.elderId(), context.now());
    context.armLoosely(TimerRequest.forElder(event.elderId(), code, DRY, dryAt.plus(JUDGED_AFTER),
        new JsonObject().put("eventId", event.eventId()).put("deviceId", event.deviceId())
            .put("dryAt", dryAt.toString())), Duration.ZERO);
  }

  @Override
  public void onTimer(DueTimer timer, RuleContext context) throws SQLException {
    RuleSettings settings = context.settings();
    Duration window = settings.duration("windowHours");
    int min = settings.integer("minLitres");
    Instant at = Instant.parse(timer.payload().getString("dryAt"));
    if (MeterRuleSupport.waitForReadings(context, timer, MeterKind.WATER, at)) {
      return;
    }
    double used = MeterRuleSupport.sum(context.meters().buckets(context.elder().elderId(),
        MeterKind.WATER, at.minus(window), at));
    if (used >= min) {
      Instant next = dryAt(context, context.elder().elderId(), context.now());
      context.note(code + ": " + used + " L in the window ending " + at + ", waiting until " + next);
      context.arm(TimerRequest.forElder(context.elder().elderId(), code, DRY, next.plus(JUDGED_AFTER),
          timer.payload().copy().put("dryAt", next.toString())));
      return;
    }
    context.note(code + ": " + Math.round(used * 10) / 10.0 + " L in the " + window.toHours() + " h to " + at);
    MeterRuleSupport.raise(context, code, context.settings().severity(), timer, at);
  }

  /** When the window's use falls below the limit if no more water is used. */
  private Instant dryAt(RuleContext context, long elderId, Instant now) throws SQLException {
    RuleSettings settings = context.settings();
    Duration window = settings.duration("windowHours");
    int min = settings.integer("minLitres");
    Instant end = MeterUsage.bucketOf(now).plus(MeterUsage.BUCKET);
    NavigableMap<Instant, Double> buckets = context.meters().buckets(elderId, MeterKind.WATER,
        end.minus(window.multipliedBy(2)), end.plus(MeterUsage.BUCKET.multipliedBy(2)));
    double used = 0;
    for (Map.Entry<Instant, Double> b : buckets.descendingMap().entrySet()) {
      used += b.getValue();
      if (used >= min) {
        return b.getKey().plus(MeterUsage.BUCKET).plus(window);
      }
    }
    Instant covered = buckets.isEmpty() ? now : buckets.firstKey();
    Instant due = covered.plus(window);
    return due.isBefore(now) ? now : due;
  }
}
