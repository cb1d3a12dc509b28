package cn.anxin.platform.meals;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.gateway.decode.EventBody;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.platform.rules.Rule;
import cn.anxin.platform.rules.RuleContext;
import cn.anxin.platform.rules.RuleEngine;
import cn.anxin.platform.rules.RuleEvent;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.RunningStack;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Catalogue rule 14, meal no-show, over real MQTT on a test clock: a regular diner absent two service
 * days without leave raises P3 at 20:00 of the second day; not for an occasional diner, not on leave
 * days, not on days the station does not serve, nor on days away; P2 with a meter rule open, and
 * raised to P2 when a meter rule fires afterwards; the timer survives a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MealNoShowRuleTest extends OnMealStack {

  private static final String RULE = "MEAL_NO_SHOW";
  private long centre;
  private int cards;

  @BeforeAll
  void station() throws Exception {
    centre = dayCare("DC-NS");
    station("MS-NS", "reader-ns");
  }

  @Test
  @Order(1)
  void givenARegularDiner_whenAbsentTwoServiceDaysWithoutLeave_thenP3AtTheEndOfTheSecondDay() throws Exception {
    long elder = diner("刘奶奶");
    dine(elder, 5);
    JsonObject figures = admin().get("/api/meals/statistics?from=" + today().minusDays(5) + "&to="
        + today().minusDays(1)).json().getJsonArray("stations").getJsonObject(0);
    assertThat(figures.getString("code")).isEqualTo("MS-NS");
    assertThat(figures.getLong("regularDiners")).isEqualTo(1);
    assertThat(figures.getLong("uniqueDiners")).isEqualTo(1);

    advance(Duration.ofDays(1));
    assertThat(alerts(elder)).as("one day absent").isZero();
    advance(Duration.ofHours(9));

    assertThat(alerts(elder)).isEqualTo(1);
    assertThat(text("SELECT severity FROM alert WHERE elder_id = ? AND rule = ?", elder, RULE)).isEqualTo("P3");
    assertThat(text("SELECT event_time FROM alert WHERE elder_id = ? AND rule = ?", elder, RULE))
        .isEqualTo(text("SELECT ?::timestamptz::text", MealCalendar.checkedAt(today()).toString()));
    advance(Duration.ofDays(3));
    assertThat(alerts(elder)).as("one alert per absence").isEqualTo(1);
    restOfDay();
  }

  @Test
  @Order(2)
  void givenAnOccasionalDiner_whenAbsentTwoDays_thenNothingIsRaised() throws Exception {
    long elder = diner("马大爷");
    String card = card(elder);
    publish("reader-ns", swipe("elder_card", card, "lunch", 1500, 0));
    advance(Duration.ofDays(2));
    publish("reader-ns", swipe("elder_card", card, "lunch", 1500, 0));
    advance(Duration.ofDays(1));
    publish("reader-ns", swipe("elder_card", card, "lunch", 1500, 0));

    advance(Duration.ofDays(3));

    assertThat(alerts(elder)).isZero();
    assertThat(count("SELECT count(*) FROM rule_timer WHERE elder_id = ? AND rule = ? AND outcome LIKE"
        + " '%not a regular diner%'", elder, RULE)).isEqualTo(1);
    restOfDay();
  }

  @Test
  @Order(3)
  void givenMealLeave_whenTheDinerIsAway_thenLeaveDaysDoNotCountAndTheAbsenceAfterThemDoes() throws Exception {
    long elder = diner("黄阿婆");
    dine(elder, 5);
    Answer leave = admin().post("/api/meals/leaves", new JsonObject().put("elderId", elder)
        .put("from", today().toString()).put("to", today().plusDays(1).toString()).put("reason", "去女儿家"));
    assertThat(leave.status()).as(leave.body()).isEqualTo(201);

    advance(Duration.ofDays(1).plusHours(9));
    assertThat(alerts(elder)).as("two days on leave").isZero();
    advance(Duration.ofDays(1));
    assertThat(alerts(elder)).as("one day absent after leave").isZero();
    advance(Duration.ofDays(1));

    assertThat(alerts(elder)).isEqualTo(1);
    restOfDay();
  }

  @Test
  @Order(4)
  void givenAStationClosedAtWeekends_whenTheDinerIsAbsentOnlyThen_thenWeekendsAreNotServiceDays() throws Exception {
    long weekdays = station("MS-WD", "reader-wd");
    Answer set = admin().put("/api/meals/stations/" + weekdays,
        new JsonObject().put("serviceWeekdays", new io.vertx.core.json.JsonArray(List.of(1, 2, 3, 4, 5))));
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    while (today().getDayOfWeek() != DayOfWeek.MONDAY) {
      advance(Duration.ofDays(1));
    }
    long elder = diner("吴老师");
    String card = card(elder);
    for (int i = 0; i < 5; i++) {
      publish("reader-wd", swipe("elder_card", card, "lunch", 1500, 0));
      advance(Duration.ofDays(1));
    }
    advance(Duration.ofDays(1).plusHours(9)); // Sunday 20:30: the weekend is no service day
    assertThat(alerts(elder)).isZero();
    advance(Duration.ofDays(1)); // Monday 20:30: one service day missed
    assertThat(alerts(elder)).isZero();
    advance(Duration.ofDays(1)); // Tuesday 20:30

    assertThat(alerts(elder)).isEqualTo(1);
    assertThat(today().getDayOfWeek()).isEqualTo(DayOfWeek.TUESDAY);
    restOfDay();
  }

  @Test
  @Order(5)
  void givenAnElderAwayTwoDays_whenAbsent_thenAwayDaysDoNotCountAndTheAbsenceAfterReturnDoes() throws Exception {
    long elder = diner("郑奶奶");
    dine(elder, 5);
    sql("INSERT INTO elder_status (elder_id, status, from_date, to_date) VALUES (" + elder + ", 'AWAY', '" + today()
        + "', '" + today().plusDays(1) + "')");

    advance(Duration.ofDays(1).plusHours(9));
    assertThat(alerts(elder)).as("two days away").isZero();
    advance(Duration.ofDays(1));
    assertThat(alerts(elder)).as("the first day back counts as one absence, not three").isZero();
    advance(Duration.ofDays(1));

    assertThat(alerts(elder)).as("two service days absent after the return").isEqualTo(1);
    restOfDay();
  }

  @Test
  @Order(6)
  void givenAMeterAlertOpen_whenANoShowIsRaised_thenItIsP2() throws Exception {
    long elder = diner("冯大爷");
    dine(elder, 5);
    long event = count("SELECT max(id) FROM device_event WHERE device_id = 'reader-ns'");
    sql("INSERT INTO alert (elder_id, rule, severity, raised_at, event_time, last_event_at, cause_event_id, device_id)"
        + " VALUES (" + elder + ", 'ELECTRICITY_INACTIVE', 'P2', now(), now(), now(), " + event + ", 'reader-ns')");

    advance(Duration.ofDays(1).plusHours(9));

    assertThat(text("SELECT severity FROM alert WHERE elder_id = ? AND rule = ?", elder, RULE)).isEqualTo("P2");
    restOfDay();
  }

  @Test
  @Order(7)
  void givenAnOpenNoShow_whenAMeterRuleRaises_thenTheNoShowRisesToP2AndTheChangeIsRecorded() throws Exception {
    long elder = diner("蒋阿姨");
    dine(elder, 5);
    advance(Duration.ofDays(1).plusHours(9));
    assertThat(text("SELECT severity FROM alert WHERE elder_id = ? AND rule = ?", elder, RULE)).isEqualTo("P3");
    long event = count("SELECT max(id) FROM device_event WHERE device_id = 'reader-ns'");

    Rule water = new Rule() {
      @Override
      public String code() {
        return "WATER_12H";
      }

      @Override
      public void onEvent(RuleEvent e, RuleContext context) throws java.sql.SQLException {
        context.raise("WATER_12H", "P2", e.eventId(), e.deviceId(), e.eventTime(), Optional.empty());
      }
    };
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      RuleEngine engine = new RuleEngine(clock, List.of(water));
      engine.beforeBatch(c);
      engine.onEvent(c, new RuleEvent(event, "reader-ns", "MEAL_READER", elder, "m", EventKind.HEARTBEAT,
          new EventBody.Heartbeat(Optional.empty(), Optional.empty()), clock.instant(),
          clock.instant(), Optional.empty()));
      c.commit();
    }

    assertThat(text("SELECT severity FROM alert WHERE elder_id = ? AND rule = ?", elder, RULE)).isEqualTo("P2");
    assertThat(count("SELECT count(*) FROM alert_severity_change s JOIN alert a ON a.id = s.alert_id"
        + " WHERE a.elder_id = ? AND a.rule = ? AND s.from_severity = 'P3' AND s.to_severity = 'P2'"
        + " AND s.reason = 'corroborated by WATER_12H' AND s.cause_alert_id IS NOT NULL", elder, RULE)).isEqualTo(1);
    restOfDay();
  }

  @Test
  @Order(8)
  void givenAnArmedAbsenceTimer_whenThePlatformRestarts_thenTheNoShowIsStillRaised() throws Exception {
    long elder = diner("韩老汉");
    dine(elder, 5);
    assertThat(count("SELECT count(*) FROM rule_timer WHERE elder_id = ? AND rule = ? AND fired_at IS NULL", elder,
        RULE)).isEqualTo(1);

    stack.close();
    stack = RunningStack.start(db, clock);
    advance(Duration.ofDays(1).plusHours(9));

    assertThat(alerts(elder)).isEqualTo(1);
  }

  /** A new elder with an elderly card. */
  private long diner(String name) throws Exception {
    return elder(centre, name);
  }

  private String card(long elder) throws Exception {
    String number = "EC-NS-" + (++cards);
    credential(elder, "ELDER_CARD", number);
    return number;
  }

  /** Lunch on each of the next {@code days} days; afterwards the clock stands at 11:30 the day after. */
  private void dine(long elder, int days) throws Exception {
    String card = card(elder);
    for (int i = 0; i < days; i++) {
      publish("reader-ns", swipe("elder_card", card, "lunch", 1500, 0));
      advance(Duration.ofDays(1));
    }
  }

  /** Moves the clock to 11:30 of the next day, where every test begins. */
  private void restOfDay() throws Exception {
    Instant next = today().plusDays(1).atTime(LocalTime.of(11, 30)).atZone(RuleEngine.CARE_ZONE).toInstant();
    advance(Duration.between(clock.instant(), next));
  }

  private long alerts(long elder) throws Exception {
    return count("SELECT count(*) FROM alert WHERE elder_id = ? AND rule = ?", elder, RULE);
  }

  @SuppressWarnings("unused")
  private static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, RuleEngine.CARE_ZONE);
  }
}
