package cn.anxin.platform.rules.backtest;

import cn.anxin.platform.rules.config.RuleCatalogue;
import cn.anxin.platform.rules.config.RuleSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a backtest found, gathered elder by elder: per rule the candidate's alerts against the
 * actual ones (with how those were closed), and the differing cases, the first {@code maxCases}
 * of them (by time) listed.
 */
final class BacktestReport {

  private static final Comparator<BacktestCase> BY_TIME = Comparator.comparing(BacktestCase::at)
      .thenComparingLong(BacktestCase::elderId).thenComparing(BacktestCase::rule)
      .thenComparing(BacktestCase::kind);

  private final int maxCases;
  private final Map<String, RuleTally> rules = new LinkedHashMap<>();
  private final List<BacktestCase> cases = new ArrayList<>();
  private int elders;
  private long events;
  private long timersFired;
  private long skipped;

  BacktestReport(int maxCases) {
    this.maxCases = maxCases;
    for (RuleSpec spec : RuleCatalogue.ALL) {
      if (replayed(spec)) {
        rules.put(spec.code(), new RuleTally(spec.code()));
      }
    }
  }

  /**
   * Whether a backtest replays the rule: built, and judged from device events. VISIT_OVERDUE is not:
   * its checks are armed by recorded visits, which a replay of the journal does not see.
   */
  static boolean replayed(RuleSpec spec) {
    return spec.built() && !NOT_REPLAYED.contains(spec.code());
  }

  private static final java.util.Set<String> NOT_REPLAYED = java.util.Set.of("VISIT_OVERDUE");

  void add(ElderReplay.Result elder) {
    elders++;
    events += elder.events();
    timersFired += elder.timersFired();
    skipped += elder.skipped();
    for (SimulatedAlert alert : elder.raised()) {
      tally(alert.rule()).candidate(alert);
      if (alert.match().isEmpty()) {
        cases.add(BacktestCase.onlyCandidate(alert));
      } else if (!alert.match().get().severity().equals(alert.severity())) {
        cases.add(BacktestCase.severityChanged(alert, alert.match().get()));
      }
    }
    Set<ActualAlert> unmatchedAlerts = Set.copyOf(elder.unmatched());
    for (ActualAlert actual : elder.actual()) {
      boolean unmatched = unmatchedAlerts.contains(actual);
      tally(actual.rule()).actual(actual, !unmatched);
      if (unmatched) {
        cases.add(BacktestCase.onlyActual(actual));
      }
    }
  }

  /** The cases listed (the first by time, at most {@code maxCases}). */
  List<BacktestCase> listed() {
    return cases.stream().sorted(BY_TIME).limit(maxCases).toList();
  }

  /** The elders the listed cases name. */
  Set<Long> namedElders() {
    Set<Long> named = new LinkedHashSet<>();
    listed().forEach(c -> named.add(c.elderId()));
    return named;
  }

  /** The figures and the listed cases; the caller adds what was asked. */
  JsonObject toJson() {
    JsonArray byRule = new JsonArray();
    rules.values().forEach(t -> byRule.add(t.toJson()));
    JsonArray listed = new JsonArray();
    listed().forEach(c -> listed.add(c.toJson()));
    return new JsonObject()
        .put("elders", elders)
        .put("events", events)
        .put("eventsSkipped", skipped)
        .put("timersFired", timersFired)
        .put("rules", byRule)
        .put("differences", listed)
        .put("differenceCount", cases.size())
        .put("differencesTruncated", cases.size() > maxCases);
  }

  private RuleTally tally(String rule) {
    return rules.computeIfAbsent(rule, RuleTally::new);
  }
}
