package cn.anxin.platform.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.alerts.AlertStatus;
import cn.anxin.platform.testing.MutableClock;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rule 19 records every missed service level, also when someone acted after the target but before
 * the timer's turn, so the bureau's indicators ("share of P1 acknowledged within 60 s", "P1
 * resolved within 30 min") are plain SQL over {@code alert} and {@code sla_breach}. The timers are
 * turned by hand here (no running loop), so each moment is exact.
 */
class SlaBreachTest {

  /** The indicator as docs/alert-life.md gives it. */
  static final String ACKNOWLEDGED_IN_TIME = "SELECT round(1 - count(b.id)::numeric / NULLIF(count(a.id), 0), 4)"
      + " FROM alert a LEFT JOIN sla_breach b ON b.alert_id = a.id AND b.sla = 'ACKNOWLEDGE'"
      + " WHERE a.severity = 'P1' AND a.raised_at >= ? AND a.raised_at < ?";
  static final String RESOLVED_IN_TIME = "SELECT round(1 - count(b.id)::numeric / NULLIF(count(a.id), 0), 4)"
      + " FROM alert a LEFT JOIN sla_breach b ON b.alert_id = a.id AND b.sla = 'RESOLVE'"
      + " WHERE a.severity = 'P1' AND a.raised_at >= ? AND a.raised_at < ? AND NOT a.is_open";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T14:00:00Z"), java.time.ZoneOffset.UTC);
  private HikariDataSource db;
  private Vertx vertx;
  private WorkerExecutor workers;
  private EscalationTimers timers;
  private EscalationFixtures fixtures;

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabases.fresh();
    vertx = Vertx.vertx();
    workers = vertx.createSharedWorkerExecutor("escalation-test", 2);
    timers = new EscalationTimers(vertx, db, workers, clock, EscalationTimers.DEFAULT_PERIOD_MILLIS);
    fixtures = new EscalationFixtures(db);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    db.close();
  }

  @Test
  void givenP1sAcknowledgedInTimeLateAndNever_whenTheTimersTurn_thenTheBreachesGiveTheIndicators() throws Exception {
    Instant start = clock.instant();
    var inTime = fixtures.elder("准时");
    var late = fixtures.elder("迟到");
    var never = fixtures.elder("无人");
    long a1 = fixtures.raise(inTime, "FALL", "P1", start);
    long a2 = fixtures.raise(late, "FALL", "P1", start);
    long a3 = fixtures.raise(never, "FALL", "P1", start);
    timers.fireDue();

    fixtures.move(inTime, a1, AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, start.plusSeconds(45));
    // Acknowledged at 61 s, before the timer's next turn: too late, but nothing left to escalate.
    fixtures.move(late, a2, AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, start.plusSeconds(61));
    clock.advance(Duration.ofSeconds(62));
    timers.fireDue();

    assertThat(fixtures.level(a1)).isZero();
    assertThat(fixtures.level(a2)).isZero();
    assertThat(fixtures.level(a3)).isEqualTo(1);
    assertThat(fixtures.breaches(a1, "ACKNOWLEDGE")).isZero();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM sla_breach WHERE alert_id = ? AND sla = 'ACKNOWLEDGE'"
        + " AND met_at = ?", a2, java.sql.Timestamp.from(start.plusSeconds(61)))).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM sla_breach WHERE alert_id = ? AND met_at IS NULL", a3))
        .isEqualTo(1);
    assertThat(indicator(ACKNOWLEDGED_IN_TIME, start)).isEqualByComparingTo("0.3333");

    // Closed at 20 min, at 31 min (before the turn), and never.
    fixtures.move(inTime, a1, AlertStatus.ACKNOWLEDGED, AlertStatus.RESOLVED, start.plusSeconds(1200));
    fixtures.move(late, a2, AlertStatus.ACKNOWLEDGED, AlertStatus.RESOLVED, start.plusSeconds(1860));
    clock.set(start.plusSeconds(1900));
    timers.fireDue();

    assertThat(fixtures.level(a3)).isEqualTo(2);
    assertThat(fixtures.breaches(a1, "RESOLVE")).isZero();
    assertThat(fixtures.breaches(a2, "RESOLVE")).isEqualTo(1);
    assertThat(fixtures.breaches(a3, "RESOLVE")).isEqualTo(1);
    assertThat(fixtures.level(a2)).as("closed late: recorded, not escalated").isZero();
    // Of the two closed P1s one was late.
    assertThat(indicator(RESOLVED_IN_TIME, start)).isEqualByComparingTo("0.5000");

    // The one that waited is acknowledged at last: its breach says when.
    fixtures.move(never, a3, AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, start.plusSeconds(1950));
    clock.set(start.plusSeconds(1951));
    timers.fireDue();
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM sla_breach WHERE alert_id = ? AND sla = 'ACKNOWLEDGE'"
        + " AND met_at IS NOT NULL", a3)).isEqualTo(1);
  }

  @Test
  void givenAPlannedAlert_whenTwoProcessesTurnAtOnce_thenItEscalatesOnce() throws Exception {
    var elder = fixtures.elder("并发");
    fixtures.supervisor(elder, "sup.race");
    long alert = fixtures.raise(elder, "SOS", "P1", clock.instant());
    EscalationTimers other = new EscalationTimers(vertx, db, workers, clock, EscalationTimers.DEFAULT_PERIOD_MILLIS);
    timers.fireDue();
    clock.advance(Duration.ofSeconds(60));

    var a = java.util.concurrent.CompletableFuture.supplyAsync(() -> turn(timers));
    var b = java.util.concurrent.CompletableFuture.supplyAsync(() -> turn(other));
    int fired = a.get(30, TimeUnit.SECONDS) + b.get(30, TimeUnit.SECONDS);

    assertThat(fired).isEqualTo(1);
    assertThat(fixtures.escalations(alert, "SUPERVISOR")).isEqualTo(1);
    assertThat(fixtures.messages(alert)).hasSize(2);
  }

  private static int turn(EscalationTimers t) {
    try {
      return t.fireDue();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private BigDecimal indicator(String sql, Instant from) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setTimestamp(1, java.sql.Timestamp.from(from));
      s.setTimestamp(2, java.sql.Timestamp.from(from.plus(Duration.ofDays(1))));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getBigDecimal(1);
      }
    }
  }
}
