package cn.anxin.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of the MQTT contract v1 payload rules shared by the tests. */
final class ContractAssertions {

    static final Pattern MSG_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final Set<String> FALL_FIELDS = Set.of("msgId", "ts", "confidence", "zone");
    static final Set<String> HEARTBEAT_FIELDS = Set.of("msgId", "ts", "battery", "firmware");
    private static final Pattern RFC3339_WITH_OFFSET =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractAssertions() {
    }

    static JsonNode json(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Asserts msgId and ts follow the contract and returns ts parsed. */
    static OffsetDateTime assertCommonFields(JsonNode node) {
        assertThat(node.isObject()).isTrue();
        assertThat(node.get("msgId").isTextual()).isTrue();
        assertThat(node.get("msgId").asText()).matches(MSG_ID);
        assertThat(node.get("ts").isTextual()).isTrue();
        String ts = node.get("ts").asText();
        assertThat(ts).matches(RFC3339_WITH_OFFSET);
        return OffsetDateTime.parse(ts, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
