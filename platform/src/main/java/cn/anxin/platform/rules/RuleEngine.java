package cn.anxin.platform.rules;

import cn.anxin.platform.registry.DeviceBinding;
import cn.anxin.platform.registry.DeviceBindings;
import cn.anxin.platform.rules.config.RuleConfig;
import cn.anxin.platform.rules.config.RuleConfigCache;
import cn.anxin.platform.rules.config.RuleConfigStore;
import cn.anxin.platform.rules.meters.ContinuousWaterRule;
import cn.anxin.platform.rules.meters.ElectricityInactiveRule;
import cn.anxin.platform.rules.meters.MeterRollup;
import cn.anxin.platform.rules.meters.MeterUsage;
import cn.anxin.platform.rules.meters.NightElectricityRule;
import cn.anxin.platform.rules.meters.ReplayMeterUsage;
import cn.anxin.platform.rules.meters.RoutineDriftRule;
import cn.anxin.platform.rules.meters.WaterDryRule;
import cn.anxin.platform.rules.meters.WaterHighUseRule;
import cn.anxin.platform.rules.timers.DueTimer;
import cn.anxin.platform.rules.timers.TimerStore;
import cn.anxin.platform.rules.timers.Timers;
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
 * A {@linkplain #replaying replaying} engine runs the same rules on a given configuration, with
 * alerts and timers kept by the caller (a backtest), and writes nothing.
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

  /** Reads what the rules need to know of an elder on a day ({@link ElderProfiles#load} live). */
  @FunctionalInterface
  public interface ProfileSource {
    Optional<ElderProfile> load(Connection c, long elderId, LocalDate day) throws SQLException;
  }

  /** Where the configuration in force comes from: re-checked when {@code refresh}, else as last read. */
  @FunctionalInterface
  private interface ConfigSource {
    RuleConfig get(Connection c, boolean refresh) throws SQLException;
  }

  private final Clock clock;
  private final ConfigSource configs;
  private final Map<String, Rule> rules = new LinkedHashMap<>();
  private final ProfileSource profiles;
  private final DeviceBindings bindings = new DeviceBindings();
  private final RuleAlerts alerts;
  private final Timers timers;
  private final MeterUsage meters;
  private final boolean live;

  public RuleEngine(Clock clock, List<Rule> rules) {
    this(clock, rules, new TimerStore());
  }

  private RuleEngine(Clock clock, List<Rule> rules, TimerStore timers) {
    this(clock, rules, cached(new RuleConfigCache(new RuleConfigStore(clock))), new LiveProfiles(),
        RuleAlerts.stored(), timers, MeterUsage.stored(), true);
  }

  private RuleEngine(Clock clock, List<Rule> rules, ConfigSource configs, ProfileSource profiles,
      RuleAlerts alerts, Timers timers, MeterUsage meters, boolean live) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.configs = configs;
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.timers = Objects.requireNonNull(timers, "timers");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.live = live;
    for (Rule rule : rules) {
      if (this.rules.put(rule.code(), rule) != null) {
        throw new IllegalArgumentException("two rules with code " + rule.code());
      }
    }
  }

  /** The rules built so far, in the order they are asked. */
  public static RuleEngine standard(Clock clock) {
    return new RuleEngine(clock, standardRules());
  }

  /**
   * The standard rules for the journal consumer: as {@link #standard}, with timers armed loosely
   * remembered between events ({@link TimerStore#remembering}). The caller drops the engine when a
   * transaction it worked in rolls back, wholly or to a savepoint.
   */
  public static RuleEngine forJournal(Clock clock) {
    return new RuleEngine(clock, standardRules(), TimerStore.remembering());
  }

  /**
   * The standard rules on a fixed configuration (a candidate, not the version in force), on the
   * caller's clock, reading elders through {@code profiles} and raising into and timing with what
   * the caller keeps: nothing is written to the alert and timer tables, and outcomes are not logged.
   */
  public static RuleEngine replaying(Clock clock, RuleConfig config, ProfileSource profiles, RuleAlerts alerts,
      Timers timers) {
    return replaying(clock, config, profiles, alerts, timers, new ReplayMeterUsage(clock.instant()));
  }

  /** As above, with the replay's half hours of water and electricity kept by the caller. */
  public static RuleEngine replaying(Clock clock, RuleConfig config, ProfileSource profiles, RuleAlerts alerts,
      Timers timers, MeterUsage meters) {
    Objects.requireNonNull(config, "config");
    return new RuleEngine(clock, standardRules(), (c, refresh) -> config, profiles, alerts, timers, meters, false);
  }

  private static List<Rule> standardRules() {
    return List.of(
        new SosRule(), new FallRule(), new SuspectedFallRule(), new LongLieRule(), new AbnormalVitalsRule(),
        new DeviceOfflineRule(), new LowBatteryRule(),
        new NightBedExitRule(), new VisitOverdueRule(), new WanderingRule(),
        WaterDryRule.twelveHours(), WaterDryRule.twentyFourHours(), new ContinuousWaterRule(), new WaterHighUseRule(),
        new ElectricityInactiveRule(), new NightElectricityRule(), new RoutineDriftRule(),
        new MealNoShowRule());
  }

  private static ConfigSource cached(RuleConfigCache cache) {
    return (c, refresh) -> refresh ? cache.refresh(c) : cache.current(c);
  }

  /** Picks up a new configuration version, if one has become active. */
  public RuleConfig beforeBatch(Connection c) throws SQLException {
    if (profiles instanceof LiveProfiles live) {
      live.beforeBatch(c);
    }
    return configs.get(c, true);
  }

  /** Asks every enabled rule about an event of an elder's device. */
  public Outcome onEvent(Connection c, RuleEvent event) throws SQLException {
    Optional<ElderProfile> elder = profiles.load(c, event.elderId(), day(event.eventTime()));
    if (elder.isEmpty()) {
      return Outcome.none("no elder " + event.elderId());
    }
    // The half hours of water and electricity are kept up before the rules look (not for the dead or erased).
    Optional<MeterRollup.Recorded> metered =
        elder.get().raisesNothing() ? Optional.empty() : MeterRollup.record(c, meters, event);
    RuleContext context = new RuleContext(c, configs.get(c, false), elder.get(), clock.instant(), alerts, timers, live)
        .withMeters(meters, metered);
    metered.flatMap(MeterRollup.Recorded::skipped).ifPresent(why -> context.note("reading " + event.eventId() + " " + why));
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
    Optional<ElderProfile> elder =
        profiles.load(c, elderId.get(), rule.judgedDay(timer).orElse(day(timer.dueAt())));
    if (elder.isEmpty()) {
      return Outcome.none("no elder " + elderId.get());
    }
    RuleContext context = new RuleContext(c, configs.get(c, false), elder.get(), clock.instant(), alerts, timers, live)
        .withMeters(meters, Optional.empty()).forRule(rule.code());
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
