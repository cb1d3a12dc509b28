package cn.anxin.sim.scenario;

import java.time.Instant;

/** An alert rule (or a meal fraud flag) that should (or should not) be raised about an incident's elder between two times. */
public record Expectation(String rule, Instant from, Instant to) {

    /** Whether this time lies in the window (both ends included). */
    public boolean covers(Instant time) {
        return !time.isBefore(from) && !time.isAfter(to);
    }

    /** Whether the span from {@code first} to {@code last} touches the window. */
    public boolean overlaps(Instant first, Instant last) {
        return !last.isBefore(from) && !first.isAfter(to);
    }
}
