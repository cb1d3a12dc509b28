package cn.anxin.sim;

import cn.anxin.sim.scenario.IncidentLog;
import cn.anxin.sim.scenario.ScenarioPlan;
import cn.anxin.sim.verify.AlertMatcher;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Prints verify's table (per rule: hits, misses, false alarms) and the misses and false alarms themselves. */
final class VerifyReportPrinter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    private static final int LISTED = 30;

    private VerifyReportPrinter() {
    }

    static void print(IncidentLog log, AlertMatcher.Report report, PrintStream out) {
        out.printf("scenario %s (seed %d), %s to %s, %d incidents%n", log.scenario(), log.seed(), local(log.start()),
                local(log.end()), log.incidents().size());
        out.printf("%-22s %8s %8s %8s%n", "规则 rule", "命中 hits", "漏报 misses", "误报 false alarms");
        int hits = 0;
        int misses = 0;
        int falseAlarms = 0;
        for (AlertMatcher.RuleCounts row : report.byRule()) {
            out.printf("%-22s %8d %8d %8d%n", row.rule(), row.hits(), row.misses(), row.falseAlarms());
            hits += row.hits();
            misses += row.misses();
            falseAlarms += row.falseAlarms();
        }
        out.printf("%-22s %8d %8d %8d%n", "total", hits, misses, falseAlarms);
        for (AlertMatcher.Verdict miss : report.misses()) {
            out.printf("漏报 MISS %s for incident %d (%s, elder %d, id %d): none between %s and %s%n",
                    miss.expectation().rule(), miss.incident().planned().number(),
                    miss.incident().planned().type().fileName(), miss.incident().planned().elder(),
                    miss.incident().elderId(), local(miss.expectation().from()), local(miss.expectation().to()));
        }
        int listed = 0;
        for (AlertMatcher.FalseAlarm alarm : report.falseAlarms()) {
            if (listed++ == LISTED) {
                out.printf("... %d more false alarms%n", report.falseAlarms().size() - LISTED);
                break;
            }
            out.printf("误报 FALSE ALARM %s %s #%d %s, elder id %d at %s%s%n", alarm.alert().source(), alarm.alert().rule(),
                    alarm.alert().id(), alarm.alert().severity() == null ? "" : alarm.alert().severity(),
                    alarm.alert().elderId(), local(alarm.alert().first()),
                    alarm.forbiddenBy() == null ? ""
                            : " (incident " + alarm.forbiddenBy().planned().number() + ", "
                                    + alarm.forbiddenBy().planned().type().fileName() + ", said it must not be raised)");
        }
        out.println(report.everyExpectedAlertRaised()
                ? "结果 result: every expected alert was raised"
                : "结果 result: " + report.misses().size() + " expected alert(s) missing");
    }

    private static String local(Instant time) {
        return TIME.format(time.atZone(ScenarioPlan.ZONE));
    }
}
