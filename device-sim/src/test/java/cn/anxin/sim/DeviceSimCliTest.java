package cn.anxin.sim;

import static cn.anxin.sim.ContractAssertions.assertCommonFields;
import static cn.anxin.sim.ContractAssertions.fieldNames;
import static cn.anxin.sim.ContractAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceSimCliTest {

    private static final String DEVICE = "radar-001";
    private static final String SECRET = "s3cret-安心-ü";
    private static final String FALL_TOPIC = "anxin/v1/devices/radar-001/events/fall";

    private TestMqttServer server;

    @BeforeEach
    void startServer() {
        server = TestMqttServer.start(Map.of(DEVICE, SECRET));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private CliRun run(String command, int mqttVersion, String secret, String... extra) {
        String[] base = {command, "--host", "127.0.0.1", "--port", Integer.toString(server.port()),
            "--device", DEVICE, "--secret", secret, "--mqtt", Integer.toString(mqttVersion)};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(ints = {3, 5})
    void fallCommandPublishesOneQos1FallWithOnlyTheContractFieldsAndExitsZero(int mqttVersion) {
        OffsetDateTime before = OffsetDateTime.now();

        CliRun result = run("fall", mqttVersion, SECRET, "--zone", "bathroom", "--confidence", "0.93");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(server.received()).singleElement().satisfies(message -> {
            assertThat(message.topic()).isEqualTo(FALL_TOPIC);
            assertThat(message.qos()).isEqualTo(1);
            assertThat(message.retain()).isFalse();
            assertThat(message.protocolVersion()).isEqualTo(mqttVersion == 5 ? 5 : 4);
            JsonNode body = json(message.payload());
            assertThat(fieldNames(body)).containsExactlyInAnyOrderElementsOf(ContractAssertions.FALL_FIELDS);
            OffsetDateTime ts = assertCommonFields(body);
            assertThat(ts).isCloseTo(before, within(30, ChronoUnit.SECONDS));
            assertThat(body.get("confidence").asDouble()).isEqualTo(0.93);
            assertThat(body.get("zone").asText()).isEqualTo("bathroom");
            assertThat(result.acknowledgedMsgId()).isEqualTo(body.get("msgId").asText());
        });
        assertThat(result.out()).contains("radar-001 -> fall (msgId=", ") acknowledged");
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(ints = {3, 5})
    void heartbeatCommandPublishesOneHeartbeatWithBatteryAndExitsZero(int mqttVersion) {
        CliRun result = run("heartbeat", mqttVersion, SECRET, "--battery", "76");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.received()).singleElement().satisfies(message -> {
            assertThat(message.topic()).isEqualTo("anxin/v1/devices/radar-001/events/heartbeat");
            assertThat(message.qos()).isEqualTo(1);
            JsonNode body = json(message.payload());
            assertThat(fieldNames(body)).containsExactlyInAnyOrder("msgId", "ts", "battery");
            assertCommonFields(body);
            assertThat(body.get("battery").asInt()).isEqualTo(76);
            assertThat(result.acknowledgedMsgId()).isEqualTo(body.get("msgId").asText());
        });
    }

    @ParameterizedTest(name = "MQTT {0}")
    @CsvSource({"3, CONNACK return code 4", "5, CONNACK reason code 0x86"})
    void aWrongSecretExitsNonZeroWithOneLineNamingTheRefusal(int mqttVersion, String code) {
        CliRun result = run("fall", mqttVersion, "not-the-secret");

        assertThat(result.exitCode()).isEqualTo(DeviceSim.EXIT_REFUSED);
        assertThat(result.err().lines()).singleElement().asString()
                .startsWith("error: ")
                .contains("connection refused", "bad user name or password", code);
        assertThat(result.out()).isEmpty();
        assertThat(server.refusedClients()).containsExactly(DEVICE);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void anMqtt5PayloadRejectionExitsNonZeroNamingReasonCode0x99() {
        server.answerPublishesWith(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID);

        CliRun result = run("fall", 5, SECRET);

        assertThat(result.exitCode()).isEqualTo(DeviceSim.EXIT_REJECTED);
        assertThat(result.err().lines()).singleElement().asString()
                .contains("rejected", "payload format invalid", "0x99");
    }

    @Test
    void aPubackThatNeverComesExitsNonZeroAfterTheTimeout() {
        server.holdAcks();

        CliRun result = run("heartbeat", 3, SECRET, "--timeout", "1.5");

        assertThat(result.exitCode()).isEqualTo(DeviceSim.EXIT_TIMEOUT);
        assertThat(result.err().lines()).singleElement().asString().contains("no PUBACK", "within 1500 ms");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void anUnreachableServerExitsNonZeroWithOneLine() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRun result = CliRun.of("fall", "--port", Integer.toString(closedPort), "--device", DEVICE, "--secret", SECRET);

        assertThat(result.exitCode()).isEqualTo(DeviceSim.EXIT_FAILED);
        assertThat(result.err().lines()).singleElement().asString().contains("cannot reach", "127.0.0.1");
    }

    @Test
    void anOutOfRangeConfidenceIsAUsageErrorAndSendsNothing() {
        CliRun result = run("fall", 3, SECRET, "--confidence", "1.5");

        assertThat(result.exitCode()).isEqualTo(DeviceSim.EXIT_USAGE);
        assertThat(result.err()).contains("confidence must be between 0 and 1");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void anUnsupportedMqttVersionIsAUsageError() {
        CliRun result = run("fall", 4, SECRET);

        assertThat(result.exitCode()).isEqualTo(DeviceSim.EXIT_USAGE);
        assertThat(result.err()).contains("--mqtt must be 3 or 5");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void scenarioAndVerifyRefuseABadAddressPortOrLogAsUsageErrors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        CliRun badApi = CliRun.of("scenario", "two-days.json", "--password", "x", "--port", "1883", "--api", "not a url");
        CliRun badPort = CliRun.of("scenario", "two-days.json", "--password", "x", "--port", "70000");
        CliRun noLog = CliRun.of("verify", "--password", "x", "--log", dir.resolve("missing.json").toString());
        java.nio.file.Path garbage = java.nio.file.Files.writeString(dir.resolve("garbage.json"), "{not json");
        CliRun badLog = CliRun.of("verify", "--password", "x", "--log", garbage.toString());

        assertThat(badApi.exitCode()).as(badApi.err()).isEqualTo(DeviceSim.EXIT_USAGE);
        assertThat(badApi.err()).contains("--api must be an http or https address");
        assertThat(badPort.exitCode()).as(badPort.err()).isEqualTo(DeviceSim.EXIT_USAGE);
        assertThat(badPort.err()).contains("--port must be a port from 1 to 65535");
        assertThat(noLog.exitCode()).as(noLog.err()).isEqualTo(DeviceSim.EXIT_USAGE);
        assertThat(noLog.err()).contains("no such file");
        assertThat(badLog.exitCode()).as(badLog.err()).isEqualTo(DeviceSim.EXIT_USAGE);
        assertThat(badLog.err()).contains("is not an incident log");
    }

    @Test
    void helpListsTheThreeCommands() {
        CliRun result = CliRun.of("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("fall", "heartbeat", "demo", "Exit codes");
    }
}
