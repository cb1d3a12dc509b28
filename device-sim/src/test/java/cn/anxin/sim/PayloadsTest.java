package cn.anxin.sim;

import static cn.anxin.sim.ContractAssertions.assertCommonFields;
import static cn.anxin.sim.ContractAssertions.fieldNames;
import static cn.anxin.sim.ContractAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    private static final Clock SHANGHAI = Clock.fixed(Instant.parse("2026-11-28T17:02:03.120Z"), ZoneId.of("Asia/Shanghai"));

    @Test
    void fallCarriesMsgIdClockTimeWithOffsetConfidenceAndZone() {
        EventPayload fall = new Payloads(SHANGHAI).fall(0.93, "bathroom");

        JsonNode node = json(fall.json());
        assertThat(fall.kind()).isEqualTo("fall");
        assertThat(fieldNames(node)).containsExactly("msgId", "ts", "confidence", "zone");
        assertCommonFields(node);
        assertThat(node.get("msgId").asText()).isEqualTo(fall.msgId());
        assertThat(node.get("ts").asText()).isEqualTo("2026-11-29T01:02:03.120+08:00");
        assertThat(node.get("confidence").isNumber()).isTrue();
        assertThat(node.get("confidence").asDouble()).isEqualTo(0.93);
        assertThat(node.get("zone").asText()).isEqualTo("bathroom");
    }

    @Test
    void tsAlwaysHasSecondsMillisAndAnOffsetEvenAtAWholeMinuteInUtc() {
        Clock utc = Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC);

        String ts = json(new Payloads(utc).heartbeat(null, null).json()).get("ts").asText();

        assertThat(ts).isEqualTo("2026-11-29T00:00:00.000Z");
    }

    @Test
    void optionalFieldsAreLeftOutWhenNotGiven() {
        Payloads payloads = new Payloads(SHANGHAI);

        assertThat(fieldNames(json(payloads.fall(null, null).json()))).containsExactly("msgId", "ts");
        assertThat(fieldNames(json(payloads.heartbeat(null, null).json()))).containsExactly("msgId", "ts");
    }

    @Test
    void heartbeatCarriesBatteryAsIntegerAndFirmware() {
        JsonNode node = json(new Payloads(SHANGHAI).heartbeat(87, "fw-1.2.3").json());

        assertThat(fieldNames(node)).containsExactly("msgId", "ts", "battery", "firmware");
        assertThat(node.get("battery").isIntegralNumber()).isTrue();
        assertThat(node.get("battery").asInt()).isEqualTo(87);
        assertThat(node.get("firmware").asText()).isEqualTo("fw-1.2.3");
    }

    @Test
    void everyEventGetsAFreshMsgId() {
        Payloads payloads = Payloads.systemDefault();
        Set<String> ids = new HashSet<>();

        IntStream.range(0, 500).forEach(i -> ids.add(payloads.heartbeat(null, null).msgId()));

        assertThat(ids).hasSize(500).allMatch(id -> ContractAssertions.MSG_ID.matcher(id).matches());
    }

    @Test
    void injectedMsgIdsAreUsedAndInvalidOnesRefused() {
        AtomicInteger counter = new AtomicInteger();
        Payloads counted = new Payloads(SHANGHAI, () -> "radar-001:" + counter.incrementAndGet());

        assertThat(counted.fall(null, null).msgId()).isEqualTo("radar-001:1");
        assertThat(counted.heartbeat(null, null).msgId()).isEqualTo("radar-001:2");
        assertThatThrownBy(() -> new Payloads(SHANGHAI, () -> "has space").fall(null, null))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Payloads(SHANGHAI, () -> "x".repeat(65)).fall(null, null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void valuesOutsideTheContractAreRefused() {
        Payloads payloads = new Payloads(SHANGHAI);

        assertThatThrownBy(() -> payloads.fall(1.01, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> payloads.fall(-0.1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> payloads.fall(Double.NaN, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> payloads.fall(null, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> payloads.fall(null, "z".repeat(33))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> payloads.heartbeat(101, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> payloads.heartbeat(-1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> payloads.heartbeat(null, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(fieldNames(json(payloads.fall(0.0, "z".repeat(32)).json()))).contains("confidence", "zone");
        assertThat(fieldNames(json(payloads.heartbeat(100, "f".repeat(32)).json()))).contains("battery", "firmware");
    }

    @Test
    void waterCarriesIntervalVolumeAndRegister() {
        Payloads payloads = new Payloads(java.time.Clock.systemUTC());
        EventPayload water = payloads.water(15, 12.5, 1034.0);
        com.fasterxml.jackson.databind.JsonNode node = ContractAssertions.json(water.json());
        ContractAssertions.assertCommonFields(node);
        org.assertj.core.api.Assertions.assertThat(water.kind()).isEqualTo("water");
        org.assertj.core.api.Assertions.assertThat(ContractAssertions.fieldNames(node))
                .containsExactly("msgId", "ts", "intervalMinutes", "volumeL", "registerL");
        org.assertj.core.api.Assertions.assertThat(node.get("intervalMinutes").isInt()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> payloads.water(0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> payloads.water(15, -1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
