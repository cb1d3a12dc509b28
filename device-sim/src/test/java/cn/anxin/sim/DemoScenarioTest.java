package cn.anxin.sim;

import static cn.anxin.sim.ContractAssertions.assertCommonFields;
import static cn.anxin.sim.ContractAssertions.fieldNames;
import static cn.anxin.sim.ContractAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoScenarioTest {

    private static final List<DeviceCredential> DEVICES = List.of(
            new DeviceCredential("radar-001", "secret-1"),
            new DeviceCredential("radar-002", "secret-2"),
            new DeviceCredential("button-003", "secret:with:colons"));

    private TestMqttServer server;

    @BeforeEach
    void startServer() {
        server = TestMqttServer.start(Map.of("radar-001", "secret-1", "radar-002", "secret-2",
                "button-003", "secret:with:colons"));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private DemoSettings shortDemo(int mqttVersion) {
        return DemoSettings.of("127.0.0.1", server.port(), DEVICES)
                .withMqttVersion(mqttVersion)
                .withFallAfter(Duration.ofMillis(200))
                .withHeartbeatInterval(Duration.ofMillis(200))
                .withDuration(Duration.ofSeconds(1));
    }

    private static CompletableFuture<DemoScenario.Outcome> runInBackground(DemoScenario scenario) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return scenario.run();
            } catch (MqttDeviceException e) {
                throw new CompletionException(e);
            }
        });
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(ints = {3, 5})
    void demoSendsHeartbeatsForEveryDeviceAndExactlyOneFallFromTheFirstDevice(int mqttVersion) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DemoScenario scenario = new DemoScenario(shortDemo(mqttVersion), new PrintStream(log, true, StandardCharsets.UTF_8));

        CompletableFuture<DemoScenario.Outcome> running = runInBackground(scenario);
        await().atMost(Duration.ofSeconds(15)).until(running::isDone);

        DemoScenario.Outcome outcome = running.join();
        assertThat(outcome.failed()).isZero();
        assertThat(outcome.acknowledged()).isEqualTo(server.received().size());
        for (DeviceCredential device : DEVICES) {
            List<TestMqttServer.Received> heartbeats =
                    server.receivedOn(MqttDevice.eventTopic(device.deviceId(), "heartbeat"));
            assertThat(heartbeats).as(device.deviceId()).hasSizeGreaterThanOrEqualTo(2);
            heartbeats.forEach(h -> {
                JsonNode body = json(h.payload());
                assertThat(ContractAssertions.HEARTBEAT_FIELDS).containsAll(fieldNames(body));
                assertCommonFields(body);
                assertThat(h.qos()).isEqualTo(1);
            });
            List<TestMqttServer.Received> fromDevice = server.received().stream()
                    .filter(r -> r.clientId().equals(device.deviceId())).toList();
            assertThat(fromDevice.get(0).topic()).endsWith("/events/heartbeat");
            assertThat(fromDevice.stream().map(r -> json(r.payload()).get("msgId").asText()).distinct())
                    .hasSameSizeAs(fromDevice);
        }
        List<TestMqttServer.Received> falls = server.received().stream()
                .filter(r -> r.topic().endsWith("/events/fall")).toList();
        assertThat(falls).singleElement().satisfies(fall -> {
            assertThat(fall.topic()).isEqualTo("anxin/v1/devices/radar-001/events/fall");
            assertThat(fall.clientId()).isEqualTo("radar-001");
            JsonNode body = json(fall.payload());
            assertThat(fieldNames(body)).containsExactlyInAnyOrderElementsOf(ContractAssertions.FALL_FIELDS);
            assertThat(body.get("zone").asText()).isEqualTo("bathroom");
            assertThat(body.get("confidence").asDouble()).isEqualTo(0.93);
            String text = log.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("radar-001 -> fall (msgId=" + body.get("msgId").asText() + ") acknowledged");
        });
        await().atMost(Duration.ofSeconds(5))
                .until(() -> server.disconnectedClients().size() == DEVICES.size());
    }

    @Test
    void closeStopsADemoThatWouldRunForeverAndDisconnectsItsDevices() {
        DemoScenario scenario = new DemoScenario(
                DemoSettings.of("127.0.0.1", server.port(), DEVICES), new PrintStream(new ByteArrayOutputStream()));

        CompletableFuture<DemoScenario.Outcome> running = runInBackground(scenario);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.received().size() == DEVICES.size());
        assertThat(running).isNotDone();

        scenario.close();

        await().atMost(Duration.ofSeconds(5)).until(running::isDone);
        assertThat(running.join()).isEqualTo(new DemoScenario.Outcome(DEVICES.size(), 0));
        assertThat(server.received()).allMatch(r -> r.topic().endsWith("/events/heartbeat"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> server.disconnectedClients().size() == DEVICES.size());
    }

    @Test
    void aDeviceWithAWrongSecretStopsTheDemoBeforeAnyEvent() {
        List<DeviceCredential> devices = List.of(DEVICES.get(0), new DeviceCredential("radar-002", "wrong"));
        DemoScenario scenario = new DemoScenario(
                DemoSettings.of("127.0.0.1", server.port(), devices), new PrintStream(new ByteArrayOutputStream()));

        MqttDeviceException refused = catchThrowableOfType(MqttDeviceException.class, scenario::run);

        assertThat(refused.failure()).isEqualTo(MqttDeviceException.Failure.CONNECT_REFUSED);
        assertThat(refused.getMessage()).contains("radar-002");
        assertThat(server.received()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.disconnectedClients().contains("radar-001"));
    }

    @Test
    void demoCommandPlaysTheScenarioAndExitsZero() {
        CliRun result = CliRun.of("demo", "--host", "127.0.0.1", "--port", Integer.toString(server.port()),
                "--device", "radar-001:secret-1", "--device", "radar-002:secret-2",
                "--fall-after", "0.2", "--interval", "0.2", "--duration", "1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.receivedOn("anxin/v1/devices/radar-001/events/fall")).hasSize(1);
        assertThat(server.receivedOn("anxin/v1/devices/radar-002/events/fall")).isEmpty();
        assertThat(server.receivedOn("anxin/v1/devices/radar-001/events/heartbeat")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(server.receivedOn("anxin/v1/devices/radar-002/events/heartbeat")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(result.out()).contains("radar-001 connected", "radar-002 -> heartbeat (msgId=", "demo finished");
    }

    @Test
    void demoCommandWithAWrongSecretExitsWithTheRefusal() {
        CliRun result = CliRun.of("demo", "--port", Integer.toString(server.port()),
                "--device", "radar-001:nope", "--duration", "1");

        assertThat(result.exitCode()).isEqualTo(DeviceSim.EXIT_REFUSED);
        assertThat(result.err().lines()).singleElement().asString().contains("connection refused", "radar-001");
    }

    @Test
    void deviceCredentialsParseAtTheFirstColonAndHideTheSecret() {
        DeviceCredential credential = DeviceCredential.parse("radar-9:a:b");

        assertThat(credential).isEqualTo(new DeviceCredential("radar-9", "a:b"));
        assertThat(credential.toString()).doesNotContain("a:b");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> DeviceCredential.parse("no-colon")))
                .isNotNull();
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> DeviceCredential.parse(":secret")))
                .isNotNull();
    }
}
