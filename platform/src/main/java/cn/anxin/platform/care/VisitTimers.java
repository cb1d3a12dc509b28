package cn.anxin.platform.care;

import cn.anxin.platform.rules.ElderProfile;
import cn.anxin.platform.rules.ElderProfiles;
import cn.anxin.platform.rules.RuleEngine;
import cn.anxin.platform.rules.config.RuleConfig;
import cn.anxin.platform.rules.config.RuleConfigCache;
import cn.anxin.platform.rules.config.RuleConfigStore;
import cn.anxin.platform.rules.config.RuleSettings;
import cn.anxin.platform.rules.timers.TimerRequest;
import cn.anxin.platform.rules.timers.TimerStore;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable timers of rule 18 (VISIT_OVERDUE), one pending per elder (keyed by the elder, purpose
 * {@code visit:<due epoch second>}), due when the elder's last visit (or, never visited, the moment
 * the elder was first watched: {@code since} in the payload) is as old as the elder's tier allows.
 * Recording a visit re-arms it ({@link #afterVisit}); {@link #sweep} arms it for elders who have
 * none (newly registered, or whose tier became watched) and moves it when the tier or the
 * configuration changed the interval. Firing is the rule's ({@code VisitOverdueRule}).
 */
public final class VisitTimers {

  public static final String RULE = "VISIT_OVERDUE";
  public static final String PURPOSE_PREFIX = "visit:";

  private static final String PENDING = "elder_id = ? AND device_id IS NULL AND rule = '" + RULE + "'"
      + " AND fired_at IS NULL AND cancelled_at IS NULL";

  private final Clock clock;
  private final RuleConfigCache configs;
  private final ElderProfiles profiles = new ElderProfiles();
  private final TimerStore timers = new TimerStore();

  public VisitTimers(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.configs = new RuleConfigCache(new RuleConfigStore(clock));
  }

  /**
   * How long an elder of this tier may go without a visit under these settings; empty when the tier
   * is not watched (GENERAL unless {@code watchGeneral}).
   */
  public static Optional<Duration> interval(RuleSettings settings, String riskTier) {
    return switch (riskTier == null ? "GENERAL" : riskTier) {
      case "HIGH" -> Optional.of(Duration.ofDays(settings.integer("highRiskDays")));
      case "KEY" -> Optional.of(Duration.ofDays(settings.integer("keyDays")));
      default -> Boolean.TRUE.equals(settings.values().get("watchGeneral"))
          ? Optional.of(Duration.ofDays(settings.integer("generalDays"))) : Optional.empty();
    };
  }

  /** The timer request for an elder's next check. */
  public static TimerRequest request(long elderId, Instant due, Instant since, String kind) {
    return TimerRequest.forElder(elderId, RULE, PURPOSE_PREFIX + due.getEpochSecond(), due,
        new JsonObject().put("since", since.toString()).put("kind", kind));
  }

  /** When the elder was last visited, if ever. */
  public static Optional<Instant> lastVisit(Connection c, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT max(visited_at) FROM care_visit WHERE elder_id = ?")) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        Timestamp at = r.getTimestamp(1);
        return Optional.ofNullable(at).map(Timestamp::toInstant);
      }
    }
  }

  /** After a visit: the elder's next check is the last visit plus the tier's interval (none if not watched). */
  void afterVisit(Connection c, long elderId) throws SQLException {
    Instant now = clock.instant();
    cancelPending(c, elderId, now, "re-armed by a recorded visit");
    Optional<Plan> plan = plan(c, configs.current(c), elderId, now);
    if (plan.isPresent() && plan.get().interval().isPresent()) {
      Instant last = lastVisit(c, elderId).orElse(now);
      timers.arm(c, request(elderId, last.plus(plan.get().interval().get()), last, "check"), now);
    }
  }

  /**
   * Arms a check for each watched elder without one, and moves a plain check (not a repeat after an
   * alert, not a check deferred while the elder is away) whose due time no longer fits the last
   * visit and the interval in force. Returns how many timers were armed or moved.
   */
  public int sweep(Connection c) throws SQLException {
    Instant now = clock.instant();
    RuleConfig config = configs.refresh(c);
    int armed = 0;
    for (long elderId : candidates(c)) {
      Optional<Plan> plan = plan(c, config, elderId, now);
      if (plan.isEmpty() || plan.get().interval().isEmpty()) {
        continue;
      }
      Optional<Pending> pending = pending(c, elderId);
      if (pending.isPresent() && !"check".equals(pending.get().kind())) {
        continue;
      }
      Instant since = pending.map(Pending::since).orElse(now);
      Instant base = lastVisit(c, elderId).orElse(since);
      Instant due = base.plus(plan.get().interval().get());
      if (pending.isPresent() && pending.get().dueAt().equals(due)) {
        continue;
      }
      cancelPending(c, elderId, now, "moved: interval or visits changed");
      timers.arm(c, request(elderId, due, since, "check"), now);
      armed++;
    }
    return armed;
  }

  private record Plan(Optional<Duration> interval) {}

  private record Pending(Instant dueAt, Instant since, String kind) {}

  private Optional<Plan> plan(Connection c, RuleConfig config, long elderId, Instant now) throws SQLException {
    Optional<ElderProfile> profile = profiles.load(c, elderId, LocalDate.ofInstant(now, RuleEngine.CARE_ZONE));
    if (profile.isEmpty() || profile.get().raisesNothing()) {
      return Optional.empty();
    }
    ElderProfile e = profile.get();
    RuleSettings settings = config.settings(RULE, elderId, e.categories(), e.abilityLevel());
    if (!settings.enabled()) {
      return Optional.of(new Plan(Optional.empty()));
    }
    return Optional.of(new Plan(interval(settings, e.riskTier())));
  }

  private static List<Long> candidates(Connection c) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM elder WHERE erased_at IS NULL ORDER BY id");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        ids.add(r.getLong(1));
      }
    }
    return ids;
  }

  private static Optional<Pending> pending(Connection c, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT due_at, payload->>'since', payload->>'kind' FROM rule_timer"
        + " WHERE " + PENDING + " ORDER BY due_at LIMIT 1")) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        Instant due = r.getTimestamp(1).toInstant();
        return Optional.of(new Pending(due, r.getString(2) == null ? due : Instant.parse(r.getString(2)),
            r.getString(3)));
      }
    }
  }

  private static void cancelPending(Connection c, long elderId, Instant now, String outcome) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE rule_timer SET cancelled_at = ?, outcome = ? WHERE "
        + PENDING)) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setString(2, outcome);
      s.setLong(3, elderId);
      s.executeUpdate();
    }
  }
}
