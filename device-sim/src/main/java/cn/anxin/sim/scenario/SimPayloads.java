package cn.anxin.sim.scenario;

import cn.anxin.sim.Payloads;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;

/** The JSON a simulated event is sent as: msgId, ts (its time, with the care zone's +08:00) and its fields. */
public final class SimPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimPayloads() {
    }

    public static ObjectNode json(SimEvent event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("msgId", event.msgId());
        node.put("ts", Payloads.formatTs(OffsetDateTime.ofInstant(event.at(), ScenarioPlan.ZONE)));
        node.setAll(event.fields());
        return node;
    }

    public static byte[] bytes(SimEvent event) {
        try {
            return JSON.writeValueAsBytes(json(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event.kind(), e);
        }
    }
}
