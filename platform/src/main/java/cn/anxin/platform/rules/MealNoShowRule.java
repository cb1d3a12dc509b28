package cn.anxin.platform.rules;

import cn.anxin.gateway.decode.EventKind;
import cn.anxin.platform.meals.MealCalendar;
import cn.anxin.platform.rules.config.RuleSettings;
import cn.anxin.platform.rules.timers.DueTimer;
import cn.anxin.platform.rules.timers.TimerRequest;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * Catalogue rule 14, meal no-show: a regular diner (meals on at least {@code regularDays} of the last
 * {@code regularWindowDays} service days of the station before the absence) absent {@code absentDays}
 * service days without meal leave raises P3; {@code meterSeverity} (P2) when a meter rule
 * ({@link MeterCorroboration#METER_RULES}) is open for the elder. Every meal of the elder moves one
 * durable timer (purpose {@code absence}) to {@link MealCalendar#DAY_CHECKED_AT} of the last service
 * day the absence would need; when it fires the meal records and leave are read again (a meal that
 * arrived late, or leave recorded meanwhile, counts), and the timer is armed again for the day the
 * absence would be complete when leave covered some of the days. Service days are the weekdays of the
 * station of the elder's last meal; days of meal leave, or away or in hospital, are neither counted
 * as absent nor as service days.
 */
public final class MealNoShowRule implements Rule {

  public static final String CODE = "MEAL_NO_SHOW";
  static final String ABSENCE = "absence";
  /** The purpose of a timer armed again by a firing one (a firing timer cannot move itself). */
  static final String RECHECK = "absence-recheck";
  /** How far after the last meal the rule still looks: an absence longer than this was decided before. */
  private static final int HORIZON_DAYS = 60;

  private final MealCalendar calendar = new MealCalendar();

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    if (event.kind() != EventKind.MEAL_SWIPE) {
      return;
    }
    Optional<LastMeal> last = lastMeal(context.connection(), context.elder().elderId());
    if (last.isEmpty()) {
      return;
    }
    armAfter(last.get(), last.get().day(), context, context.settings().integer("absentDays"), ABSENCE);
  }

  @Override
  public void onTimer(DueTimer timer, RuleContext context) throws SQLException {
    Connection c = context.connection();
    long elder = context.elder().elderId();
    Optional<LastMeal> last = lastMeal(c, elder);
    if (last.isEmpty()) {
      context.note("no meal recorded: nothing to judge");
      return;
    }
    RuleSettings settings = context.settings();
    Set<Integer> weekdays = calendar.weekdays(c, last.get().stationSiteId());
    LocalDate checked = MealCalendar.dayOf(timer.dueAt());
    int absent = 0;
    LocalDate lastAbsent = null;
    for (LocalDate d = last.get().day().plusDays(1); !d.isAfter(checked); d = d.plusDays(1)) {
      if (MealCalendar.serves(weekdays, d) && !calendar.excused(c, elder, d)) {
        absent++;
        lastAbsent = d;
      }
    }
    int needed = settings.integer("absentDays");
    if (absent < needed) {
      context.note("absent " + absent + " of " + needed + " service days since " + last.get().day());
      String purpose = ABSENCE.equals(timer.purpose()) ? RECHECK : ABSENCE;
      armAfter(last.get(), checked, context, needed - absent, purpose);
      return;
    }
    int window = settings.integer("regularWindowDays");
    int regular = Math.min(settings.integer("regularDays"), window);
    int served = 0;
    int ate = 0;
    for (LocalDate d = last.get().day(); served < window && d.isAfter(last.get().day().minusDays(HORIZON_DAYS));
        d = d.minusDays(1)) {
      if (MealCalendar.serves(weekdays, d) && !calendar.excused(c, elder, d)) {
        served++;
        if (calendar.ate(c, elder, d)) {
          ate++;
        }
      }
    }
    if (ate < regular) {
      context.note("absent " + absent + " service days, but not a regular diner (" + ate + " of the last "
          + served + " service days)");
      return;
    }
    if (alertedFor(c, elder, last.get().eventId())) {
      context.note("this absence (since " + last.get().day() + ") was alerted already");
      return;
    }
    boolean meter = MeterCorroboration.meterAlertOpen(c, elder);
    String severity = meter ? settings.severity("meterSeverity") : settings.severity();
    context.note("regular diner (" + ate + " of " + served + " service days) absent " + absent
        + " service days since " + last.get().day() + " without leave" + (meter ? ", a meter rule open" : ""));
    context.raise(CODE, severity, last.get().eventId(), last.get().deviceId(),
        MealCalendar.checkedAt(lastAbsent), Optional.empty());
  }

  /** Arms the timer for the day {@code more} further absent service days after {@code from} complete. */
  private void armAfter(LastMeal last, LocalDate from, RuleContext context, int more, String purpose)
      throws SQLException {
    Connection c = context.connection();
    long elder = context.elder().elderId();
    Set<Integer> weekdays = calendar.weekdays(c, last.stationSiteId());
    LocalDate d = from;
    int counted = 0;
    while (counted < more) {
      d = d.plusDays(1);
      if (d.isAfter(last.day().plusDays(HORIZON_DAYS))) {
        context.note("no absence to wait for within " + HORIZON_DAYS + " days of the last meal");
        return;
      }
      if (MealCalendar.serves(weekdays, d) && !calendar.excused(c, elder, d)) {
        counted++;
      }
    }
    Instant due = MealCalendar.checkedAt(d);
    context.arm(TimerRequest.forElder(elder, CODE, purpose, due, new JsonObject()
        .put("eventId", last.eventId())
        .put("lastMealDay", last.day().toString())
        .put("stationSiteId", last.stationSiteId())));
  }

  /** Whether an alert of this rule was raised for the absence after this meal (open or closed). */
  private static boolean alertedFor(Connection c, long elderId, long lastMealEventId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM alert WHERE elder_id = ? AND rule = ? AND cause_event_id = ? LIMIT 1")) {
      s.setLong(1, elderId);
      s.setString(2, CODE);
      s.setLong(3, lastMealEventId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** The elder's latest meal (by service day, then time) and where it was served. */
  private record LastMeal(LocalDate day, Long stationSiteId, long eventId, String deviceId) {}

  private static Optional<LastMeal> lastMeal(Connection c, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT service_day, station_site_id, event_id, device_id"
        + " FROM meal_record WHERE elder_id = ? ORDER BY service_day DESC, served_at DESC, id DESC LIMIT 1")) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new LastMeal(r.getObject(1, LocalDate.class), (Long) r.getObject(2, Long.class),
            r.getLong(3), r.getString(4)));
      }
    }
  }
}
