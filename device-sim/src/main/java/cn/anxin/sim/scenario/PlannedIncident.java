package cn.anxin.sim.scenario;

import java.time.Instant;
import java.util.List;

/**
 * An incident as planned: its elder, when it happens and what the platform should make of it.
 *
 * @param number 1-based, in the order of the scenario file
 * @param elder the elder's 1-based index in the population
 * @param expect the alerts (and fraud flags) that must be raised
 * @param mustNotRaise alerts that must not be raised (a cancelled fall, meter rules while away)
 * @param note what the expectation rests on, in a few words
 */
public record PlannedIncident(int number, IncidentType type, int elder, Instant from, Instant to,
                              List<Expectation> expect, List<Expectation> mustNotRaise, String note) {

    public PlannedIncident {
        expect = List.copyOf(expect);
        mustNotRaise = List.copyOf(mustNotRaise);
    }
}
