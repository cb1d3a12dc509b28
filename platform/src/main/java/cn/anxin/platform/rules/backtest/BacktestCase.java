package cn.anxin.platform.rules.backtest;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * One case where the candidate and what actually happened differ: an alert only the candidate
 * raises, one only actually raised, or one both raise with another severity.
 */
record BacktestCase(Kind kind, long elderId, String rule, Instant at, Optional<SimulatedAlert> candidate,
    Optional<ActualAlert> actual) {

  enum Kind { ONLY_CANDIDATE, ONLY_ACTUAL, SEVERITY_CHANGED }

  static BacktestCase onlyCandidate(SimulatedAlert alert) {
    return new BacktestCase(Kind.ONLY_CANDIDATE, alert.elderId(), alert.rule(), alert.eventTime(),
        Optional.of(alert), Optional.empty());
  }

  static BacktestCase onlyActual(ActualAlert alert) {
    return new BacktestCase(Kind.ONLY_ACTUAL, alert.elderId(), alert.rule(), alert.eventTime(), Optional.empty(),
        Optional.of(alert));
  }

  static BacktestCase severityChanged(SimulatedAlert alert, ActualAlert actual) {
    return new BacktestCase(Kind.SEVERITY_CHANGED, alert.elderId(), alert.rule(), alert.eventTime(),
        Optional.of(alert), Optional.of(actual));
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("kind", kind.name())
        .put("elderId", elderId)
        .put("rule", rule)
        .put("at", at.toString());
    candidate.ifPresent(a -> json.put("candidate", new JsonObject()
        .put("severity", a.severity())
        .put("raisedAt", a.raisedAt().toString())
        .put("eventTime", a.eventTime().toString())
        .put("deviceId", a.deviceId())
        .put("eventCount", a.eventCount())));
    actual.ifPresent(a -> json.put("actual", new JsonObject()
        .put("alertId", a.id())
        .put("severity", a.severity())
        .put("raisedAt", a.raisedAt().toString())
        .put("eventTime", a.eventTime().toString())
        .put("status", a.status())
        .put("disposition", a.disposition().orElse(null))
        .put("outcome", a.outcome())
        .put("closedAt", a.closedAt().map(Instant::toString).orElse(null))));
    return json;
  }
}
