package cn.anxin.sim.verify;

import java.time.Instant;

/**
 * An alert (or a meal fraud flag) the platform raised, as verify compares it.
 *
 * @param first the alert's event time (a flag's raising time)
 * @param last the alert's last event time (a flag: as first)
 * @param source "alert" or "flag"
 */
public record RaisedAlert(long id, long elderId, String rule, Instant first, Instant last, String severity, String source) {
}
