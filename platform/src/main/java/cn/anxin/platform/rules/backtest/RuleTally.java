package cn.anxin.platform.rules.backtest;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/** One rule's figures in a backtest report: the candidate's alerts against the actual ones. */
final class RuleTally {

  private final String rule;
  private int wouldRaise;
  private int actuallyRaised;
  private int matched;
  private int severityChanged;
  private int actualClosed;
  private int actualFalseAlarms;
  private int falseAlarmsKept;
  private int falseAlarmsAvoided;
  private int realEventsMissed;
  private final Map<String, Integer> actualOutcomes = new TreeMap<>();
  private final Map<String, Integer> matchedOutcomes = new TreeMap<>();
  private final Map<String, Integer> onlyActualOutcomes = new TreeMap<>();

  RuleTally(String rule) {
    this.rule = rule;
  }

  /** An alert the candidate raised; with the actual one it matched, if any. */
  void candidate(SimulatedAlert alert) {
    wouldRaise++;
    alert.match().ifPresent(actual -> {
      matched++;
      matchedOutcomes.merge(actual.outcome(), 1, Integer::sum);
      if (actual.falseAlarm()) {
        falseAlarmsKept++;
      }
      if (!actual.severity().equals(alert.severity())) {
        severityChanged++;
      }
    });
  }

  /** An alert actually raised in the range; {@code matched} when the candidate raised it too. */
  void actual(ActualAlert alert, boolean matchedByCandidate) {
    actuallyRaised++;
    actualOutcomes.merge(alert.outcome(), 1, Integer::sum);
    if (!alert.open()) {
      actualClosed++;
    }
    if (alert.falseAlarm()) {
      actualFalseAlarms++;
    }
    if (!matchedByCandidate) {
      onlyActualOutcomes.merge(alert.outcome(), 1, Integer::sum);
      if (alert.falseAlarm()) {
        falseAlarmsAvoided++;
      }
      if (alert.realEvent()) {
        realEventsMissed++;
      }
    }
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("rule", rule)
        .put("wouldRaise", wouldRaise)
        .put("actuallyRaised", actuallyRaised)
        .put("matched", matched)
        .put("onlyCandidate", wouldRaise - matched)
        .put("onlyActual", actuallyRaised - matched)
        .put("severityChanged", severityChanged)
        .put("actualOutcomes", new JsonObject(Map.copyOf(actualOutcomes)))
        .put("matchedOutcomes", new JsonObject(Map.copyOf(matchedOutcomes)))
        .put("onlyActualOutcomes", new JsonObject(Map.copyOf(onlyActualOutcomes)))
        .put("actualFalseAlarmRate", actualClosed == 0 ? null : round((double) actualFalseAlarms / actualClosed))
        .put("falseAlarmsKept", falseAlarmsKept)
        .put("falseAlarmsAvoided", falseAlarmsAvoided)
        .put("realEventsMissed", realEventsMissed);
  }

  private static double round(double rate) {
    return Math.round(rate * 1000) / 1000.0;
  }
}
