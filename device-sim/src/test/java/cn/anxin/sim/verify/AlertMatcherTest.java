package cn.anxin.sim.verify;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.sim.scenario.Expectation;
import cn.anxin.sim.scenario.IncidentLog.LoggedIncident;
import cn.anxin.sim.scenario.IncidentType;
import cn.anxin.sim.scenario.PlannedIncident;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertMatcherTest {

    private static final Instant T = Instant.parse("2026-03-01T01:30:00Z");

    private static final Instant END = T.plusSeconds(86_400);

    private static final LoggedIncident FALL = new LoggedIncident(new PlannedIncident(1, IncidentType.FALL, 1, T,
            T.plusSeconds(3600), List.of(new Expectation("FALL", T, T.plusSeconds(900)),
                    new Expectation("LONG_LIE", T, T.plusSeconds(3600))), List.of(), "fall"), 11);
    private static final LoggedIncident FALSE_FALL = new LoggedIncident(new PlannedIncident(2, IncidentType.FALSE_FALL, 2,
            T, T.plusSeconds(12), List.of(), List.of(new Expectation("FALL", T, T.plusSeconds(1800))), "cancelled"), 12);

    @Test
    void givenTheExpectedAlerts_thenHitsAndNoFalseAlarms() {
        var report = AlertMatcher.match(List.of(FALL, FALSE_FALL), List.of(
                alert(1, 11, "FALL", T.plusSeconds(5)), alert(2, 11, "LONG_LIE", T.plusSeconds(360))), Set.of(11L, 12L), END);

        assertThat(report.everyExpectedAlertRaised()).isTrue();
        assertThat(report.byRule()).containsExactly(new AlertMatcher.RuleCounts("FALL", 1, 0, 0),
                new AlertMatcher.RuleCounts("LONG_LIE", 1, 0, 0));
        assertThat(report.falseAlarms()).isEmpty();
    }

    @Test
    void givenAnAlertOutsideItsWindowOrOfAnotherElder_thenAMiss() {
        var report = AlertMatcher.match(List.of(FALL), List.of(
                alert(1, 11, "FALL", T.plusSeconds(7200)), alert(2, 99, "LONG_LIE", T.plusSeconds(60))), Set.of(11L, 12L), END);

        assertThat(report.everyExpectedAlertRaised()).isFalse();
        assertThat(report.misses()).extracting(v -> v.expectation().rule()).containsExactly("FALL", "LONG_LIE");
        // the late FALL explains nothing: a false alarm; elder 99 is not of the population: left out
        assertThat(report.falseAlarms()).extracting(f -> f.alert().id()).containsExactly(1L);
        assertThat(report.byRule()).containsExactly(new AlertMatcher.RuleCounts("FALL", 0, 1, 1),
                new AlertMatcher.RuleCounts("LONG_LIE", 0, 1, 0));
    }

    @Test
    void givenAnAlertAnIncidentRuledOut_thenAFalseAlarmNamingThatIncident() {
        var report = AlertMatcher.match(List.of(FALL, FALSE_FALL), List.of(
                alert(1, 11, "FALL", T), alert(2, 11, "LONG_LIE", T), alert(3, 12, "FALL", T.plusSeconds(30)),
                alert(4, 12, "DEVICE_OFFLINE", T)), Set.of(11L, 12L), END);

        assertThat(report.everyExpectedAlertRaised()).isTrue();
        assertThat(report.falseAlarms()).hasSize(2);
        assertThat(report.falseAlarms().get(0).alert().id()).isEqualTo(3);
        assertThat(report.falseAlarms().get(0).forbiddenBy()).isEqualTo(FALSE_FALL);
        assertThat(report.falseAlarms().get(1).forbiddenBy()).isNull();
        assertThat(report.byRule()).contains(new AlertMatcher.RuleCounts("FALL", 1, 0, 1),
                new AlertMatcher.RuleCounts("DEVICE_OFFLINE", 0, 0, 1));
    }

    @Test
    void givenAnOpenAlertThatGrewIntoTheWindow_thenAHit() {
        // an alert open since before the window, with a later event inside it (repeats add to the open alert)
        RaisedAlert repeated = new RaisedAlert(7, 11, "FALL", T.minusSeconds(7200), T.plusSeconds(60), "P1", "alert");
        var report = AlertMatcher.match(List.of(FALL), List.of(repeated, alert(8, 11, "LONG_LIE", T)), Set.of(11L), END);
        assertThat(report.everyExpectedAlertRaised()).isTrue();
    }

    @Test
    void givenAnAlertAfterTheScenarioEnded_thenItIsLeftOut() {
        var report = AlertMatcher.match(List.of(FALL), List.of(alert(1, 11, "FALL", T), alert(2, 11, "LONG_LIE", T),
                alert(3, 11, "WATER_12H", END.plusSeconds(3600))), Set.of(11L), END);
        assertThat(report.falseAlarms()).isEmpty();
    }

    private static RaisedAlert alert(long id, long elder, String rule, Instant at) {
        return new RaisedAlert(id, elder, rule, at, at, "P1", "alert");
    }
}
