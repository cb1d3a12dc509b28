package cn.anxin.sim.verify;

import cn.anxin.sim.scenario.Expectation;
import cn.anxin.sim.scenario.IncidentLog.LoggedIncident;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares the incidents a scenario injected with the alerts the platform raised.
 *
 * <ul>
 *   <li>An expectation is a <b>hit</b> when an alert of its rule about the incident's elder has events
 *       (from its event time to its last event) inside the expectation's window; otherwise a <b>miss</b>.
 *   <li>An alert of the population's elders that explains no expectation is a <b>false alarm</b>: among
 *       them, those an incident said must not be raised (a cancelled fall, meter rules while away)
 *       are named with that incident.
 *   <li>Alerts whose first event comes after the scenario's end are left out: once the simulated
 *       devices stop, absence rules rightly raise (no water since ...), but that is not the scenario.
 * </ul>
 */
public final class AlertMatcher {

    private AlertMatcher() {
    }

    /** One expectation and what came of it. */
    public record Verdict(LoggedIncident incident, Expectation expectation, RaisedAlert alert) {
        public boolean hit() {
            return alert != null;
        }
    }

    /** A false alarm, with the incident that ruled it out when one did. */
    public record FalseAlarm(RaisedAlert alert, LoggedIncident forbiddenBy) {
    }

    /** Counts of one rule. */
    public record RuleCounts(String rule, int hits, int misses, int falseAlarms) {
    }

    public record Report(List<Verdict> verdicts, List<FalseAlarm> falseAlarms) {

        public List<Verdict> misses() {
            return verdicts.stream().filter(v -> !v.hit()).toList();
        }

        public boolean everyExpectedAlertRaised() {
            return misses().isEmpty();
        }

        /** Per rule, sorted by rule code. */
        public List<RuleCounts> byRule() {
            Map<String, int[]> counts = new TreeMap<>();
            for (Verdict v : verdicts) {
                counts.computeIfAbsent(v.expectation().rule(), r -> new int[3])[v.hit() ? 0 : 1]++;
            }
            for (FalseAlarm f : falseAlarms) {
                counts.computeIfAbsent(f.alert().rule(), r -> new int[3])[2]++;
            }
            List<RuleCounts> rows = new ArrayList<>();
            counts.forEach((rule, c) -> rows.add(new RuleCounts(rule, c[0], c[1], c[2])));
            return rows;
        }
    }

    /**
     * @param elderIds the population's elders: alerts of other elders are left out
     * @param end the scenario's end: alerts whose events begin after it are left out
     */
    public static Report match(List<LoggedIncident> incidents, Collection<RaisedAlert> alerts, Set<Long> elderIds,
                               java.time.Instant end) {
        List<RaisedAlert> ours = alerts.stream()
                .filter(a -> elderIds.contains(a.elderId()) && !a.first().isAfter(end)).toList();
        Set<RaisedAlert> explained = new LinkedHashSet<>();
        List<Verdict> verdicts = new ArrayList<>();
        for (LoggedIncident incident : incidents) {
            for (Expectation expectation : incident.planned().expect()) {
                RaisedAlert found = null;
                for (RaisedAlert alert : ours) {
                    if (about(alert, incident, expectation)) {
                        explained.add(alert);
                        if (found == null) {
                            found = alert;
                        }
                    }
                }
                verdicts.add(new Verdict(incident, expectation, found));
            }
        }
        List<FalseAlarm> falseAlarms = new ArrayList<>();
        for (RaisedAlert alert : ours) {
            if (explained.contains(alert)) {
                continue;
            }
            LoggedIncident forbiddenBy = null;
            for (LoggedIncident incident : incidents) {
                for (Expectation mustNot : incident.planned().mustNotRaise()) {
                    if (forbiddenBy == null && about(alert, incident, mustNot)) {
                        forbiddenBy = incident;
                    }
                }
            }
            falseAlarms.add(new FalseAlarm(alert, forbiddenBy));
        }
        return new Report(List.copyOf(verdicts), List.copyOf(falseAlarms));
    }

    private static boolean about(RaisedAlert alert, LoggedIncident incident, Expectation expectation) {
        return alert.elderId() == incident.elderId() && alert.rule().equals(expectation.rule())
                && expectation.overlaps(alert.first(), alert.last());
    }
}
