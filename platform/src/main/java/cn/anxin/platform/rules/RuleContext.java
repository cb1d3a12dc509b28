package cn.anxin.platform.rules;

import cn.anxin.platform.alerts.AlertRequest;
import cn.anxin.platform.alerts.AlertStore;
import cn.anxin.platform.rules.config.RuleConfig;
import cn.anxin.platform.rules.config.RuleSettings;
import cn.anxin.platform.rules.meters.HalfHours;
import cn.anxin.platform.rules.meters.MeterRollup;
import cn.anxin.platform.rules.meters.MeterUsage;
import cn.anxin.platform.rules.timers.DueTimer;
import cn.anxin.platform.rules.timers.TimerRequest;
import cn.anxin.platform.rules.timers.Timers;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a rule may do while it looks at one event or timer of one elder, inside the transaction
 * that processes it: read its settings and the journal, raise alerts (suppression applied here),
 * arm and cancel timers. Collects the alerts raised and a line per outcome.
 */
public final class RuleContext {

  private static final Logger LOG = LoggerFactory.getLogger(RuleContext.class);

  private final Connection c;
  private final RuleConfig config;
  private final ElderProfile elder;
  private final Instant now;
  private final RuleAlerts alerts;
  private final Timers timers;
  private final JournalHistory history;
  private final boolean logged;
  private final Set<Long> raised = new LinkedHashSet<>();
  private final List<String> outcomes = new ArrayList<>();
  private String code;
  private HalfHours meters;
  private Optional<MeterRollup.Recorded> metered = Optional.empty();

  /** @param logged whether outcomes are logged (a backtest's simulated outcomes are not) */
  RuleContext(Connection c, RuleConfig config, ElderProfile elder, Instant now, RuleAlerts alerts,
      Timers timers, boolean logged) {
    this.c = c;
    this.config = config;
    this.elder = elder;
    this.now = now;
    this.alerts = alerts;
    this.timers = timers;
    this.history = new JournalHistory(c, alerts);
    this.logged = logged;
  }

  /** The elders' half hours of water and electricity, and what the rollup made of this event. */
  RuleContext withMeters(MeterUsage usage, Optional<MeterRollup.Recorded> recorded) {
    this.meters = new HalfHours(c, usage);
    this.metered = recorded;
    return this;
  }

  /** The elders' water and electricity use per half hour. */
  public HalfHours meters() {
    return meters;
  }

  /** What the half-hour rollup made of the event at hand, when it is a meter reading. */
  public Optional<MeterRollup.Recorded> metered() {
    return metered;
  }

  /** The context for the next rule asked. */
  RuleContext forRule(String ruleCode) {
    this.code = ruleCode;
    return this;
  }

  /** The settings of the rule being asked, for this elder. */
  public RuleSettings settings() {
    return settings(code);
  }

  /** Another rule's settings for this elder (a suspected fall escalates to a FALL alert). */
  public RuleSettings settings(String ruleCode) {
    return config.settings(ruleCode, elder.elderId(), elder.categories(), elder.abilityLevel());
  }

  public ElderProfile elder() {
    return elder;
  }

  public JournalHistory history() {
    return history;
  }

  /** The transaction the rule runs in, for rules that read tables of their own area (meal records, visits). */
  public Connection connection() {
    return c;
  }

  /** The platform's time now (the injected clock). */
  public Instant now() {
    return now;
  }

  /**
   * Raises an alert for the elder (or adds to the open one of the same rule), unless the elder is
   * deceased or erased, the rule is disabled for the elder, or muted while the elder is away.
   */
  public void raise(String ruleCode, String severity, long causeEventId, String deviceId, Instant eventTime,
      Optional<String> zone) throws SQLException {
    String suppressed = suppression(ruleCode);
    if (suppressed != null) {
      note(ruleCode + " not raised: " + suppressed);
      return;
    }
    AlertStore.Raised alert = alerts.raise(c,
        new AlertRequest(elder.elderId(), ruleCode, severity, causeEventId, deviceId, eventTime, zone), now);
    raised.add(alert.alertId());
    note(ruleCode + " " + severity + (alert.created() ? " raised alert " : " added to alert ") + alert.alertId());
    MeterCorroboration.afterRaise(this, c, alerts, ruleCode, alert.alertId());
  }

  /**
   * Raises an alert about the elder that no device event caused (a visit overdue), with the same
   * suppression as {@link #raise}.
   */
  public void raiseWithoutEvent(String ruleCode, String severity, Instant eventTime) throws SQLException {
    String suppressed = suppression(ruleCode);
    if (suppressed != null) {
      note(ruleCode + " not raised: " + suppressed);
      return;
    }
    AlertStore.Raised alert = alerts.raise(c, AlertRequest.withoutEvent(elder.elderId(), ruleCode, severity,
        eventTime), now);
    raised.add(alert.alertId());
    note(ruleCode + " " + severity + (alert.created() ? " raised alert " : " added to alert ") + alert.alertId());
  }

  /** Arms (or moves) a timer. */
  public void arm(TimerRequest timer) throws SQLException {
    timers.arm(c, timer, now);
  }

  /**
   * Arms a timer, moving a pending one only when its due time moves earlier or later by more than
   * {@code tolerance} (see {@link Timers#armLoosely}); the rule re-checks when it fires.
   */
  public void armLoosely(TimerRequest timer, java.time.Duration tolerance) throws SQLException {
    timers.armLoosely(c, timer, now, tolerance);
  }

  /** Cancels the device's pending timers of this rule with this purpose (or purpose prefix). */
  public List<DueTimer> cancel(String deviceId, String purpose, boolean prefix, String outcome) throws SQLException {
    return timers.cancel(c, deviceId, code, purpose, prefix, now, outcome);
  }

  /** Arms a timer and marks it fired at once: the record of something the rule acted on without waiting. */
  public void armFired(TimerRequest timer, String outcome) throws SQLException {
    timers.fired(c, timers.arm(c, timer, now), timer.dueAt().isAfter(now) ? timer.dueAt() : now, outcome);
  }

  /** Whether a timer of the elder with this rule and the due timer's purpose fired before it. */
  public boolean firedBefore(DueTimer timer) throws SQLException {
    return timers.firedBefore(c, elder.elderId(), code, timer.purpose(), timer.id());
  }

  /** The device's timer of this rule and purpose that fired last, if any. */
  public Optional<DueTimer> lastFired(String deviceId, String purpose) throws SQLException {
    return timers.lastFired(c, deviceId, code, purpose);
  }

  /** The device's pending timers of this rule whose purpose starts with {@code prefix}. */
  public List<DueTimer> pending(String deviceId, String prefix) throws SQLException {
    return timers.pendingWithPrefix(c, deviceId, code, prefix);
  }

  /** Records what the rule decided, for the log and a timer's outcome. */
  public void note(String outcome) {
    outcomes.add(outcome);
    if (logged) {
      LOG.info("elder {}: {}", elder.elderId(), outcome);
    }
  }

  /** Notes an alert changed by this event or timer (its severity raised), to be published with the raised ones. */
  void changed(long alertId) {
    raised.add(alertId);
  }

  Set<Long> raised() {
    return raised;
  }

  List<String> outcomes() {
    return outcomes;
  }

  private String suppression(String ruleCode) {
    if (elder.deceased()) {
      return "elder deceased";
    }
    if (elder.erased()) {
      return "elder erased";
    }
    if (!settings(ruleCode).enabled()) {
      return "rule disabled";
    }
    if (elder.away() && config.mutedWhenAway(ruleCode)) {
      return "muted while elder " + elder.status().orElse("");
    }
    return null;
  }
}
