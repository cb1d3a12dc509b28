package cn.anxin.platform.rules;

import cn.anxin.platform.alerts.AlertStore;
import cn.anxin.platform.registry.DeviceBinding;
import cn.anxin.platform.registry.DeviceBindings;
import cn.anxin.platform.rules.config.RuleConfig;
import cn.anxin.platform.rules.config.RuleConfigCache;
import cn.anxin.platform.rules.config.RuleConfigStore;
import cn.anxin.platform.rules.timers.DueTimer;
import cn.anxin.platform.rules.timers.TimerStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the rules: on each event of an elder's devices, and on each due timer, inside the caller's
 * transaction. The configuration in force is re-checked once per batch ({@link #beforeBatch}).
 */
public final class RuleEngine {

  /** The time zone of the elders' days (status periods). */
  public static final ZoneId CARE_ZONE = ZoneId.of("Asia/Shanghai");

  /** What one event or timer led to: the alerts raised or added to, and a line per outcome. */
  public record Outcome(Set<Long> alertIds, List<String> notes) {
    static Outcome none(String note) {
      return new Outcome(Set.of(), List.of(note));
    }

    public String summary() {
      return notes.isEmpty() ? "nothing to do" : String.join("; ", notes);
    }
  }

  private final Clock clock;
  private final RuleConfigCache configs;
  private final Map<String, Rule> rules = new LinkedHashMap<>();
  private final ElderProfiles profiles = new ElderProfiles();
  private final DeviceBindings bindings = new DeviceBindings();
  private final AlertStore alerts = new AlertStore();
  private final TimerStore timers = new TimerStore();

  public RuleEngine(Clock clock, List<Rule> rules) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.configs = new RuleConfigCache(new RuleConfigStore(clock));
    for (Rule rule : rules) {
      if (this.rules.put(rule.code(), rule) != null) {
        throw new IllegalArgumentException("two rules with code " + rule.code());
      }
    }
  }

  /** The rules built so far, in the order they are asked. */
  public static RuleEngine standard(Clock clock) {
    return new RuleEngine(clock, List.of(
        new SosRule(), new FallRule(), new SuspectedFallRule(), new LongLieRule(), new AbnormalVitalsRule(),
        new DeviceOfflineRule(), new LowBatteryRule()));
  }

  /** Picks up a new configuration version, if one has become active. */
  public RuleConfig beforeBatch(Connection c) throws SQLException {
    return configs.refresh(c);
  }

  /** Asks every enabled rule about an event of an elder's device. */
  public Outcome onEvent(Connection c, RuleEvent event) throws SQLException {
    Optional<ElderProfile> elder = profiles.load(c, event.elderId(), day(event.eventTime()));
    if (elder.isEmpty()) {
      return Outcome.none("no elder " + event.elderId());
    }
    RuleContext context = new RuleContext(c, configs.current(c), elder.get(), clock.instant(), alerts, timers);
    for (Rule rule : rules.values()) {
      RuleContext forRule = context.forRule(rule.code());
      if (forRule.settings().enabled()) {
        rule.onEvent(event, forRule);
      }
    }
    return new Outcome(context.raised(), context.outcomes());
  }

  /** Hands a due timer to its rule; the elder is the timer's, else whom its device serves now. */
  public Outcome onTimer(Connection c, DueTimer timer) throws SQLException {
    Rule rule = rules.get(timer.rule());
    if (rule == null) {
      return Outcome.none("no rule " + timer.rule());
    }
    Optional<Long> elderId = timer.elderId();
    if (elderId.isEmpty() && timer.deviceId().isPresent()) {
      elderId = bindings.find(c, timer.deviceId().get()).flatMap(DeviceBinding::elderId);
    }
    if (elderId.isEmpty()) {
      return Outcome.none("device serves no elder");
    }
    Optional<ElderProfile> elder = profiles.load(c, elderId.get(), day(timer.dueAt()));
    if (elder.isEmpty()) {
      return Outcome.none("no elder " + elderId.get());
    }
    RuleContext context = new RuleContext(c, configs.current(c), elder.get(), clock.instant(), alerts, timers)
        .forRule(rule.code());
    if (!context.settings().enabled()) {
      return Outcome.none(rule.code() + " disabled");
    }
    rule.onTimer(timer, context);
    return new Outcome(context.raised(), context.outcomes());
  }

  private static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, CARE_ZONE);
  }
}
