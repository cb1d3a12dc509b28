package cn.anxin.sim.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One message a simulated device sends: when (its {@code ts}), from which device, of which kind
 * (the topic's last level), its msgId and the rest of its fields.
 *
 * @param incident the incident number (1-based) this event belongs to, 0 for the routine
 */
public record SimEvent(Instant at, String deviceId, String kind, String msgId, ObjectNode fields, int incident) {
}
