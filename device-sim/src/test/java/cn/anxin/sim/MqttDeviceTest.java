package cn.anxin.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MqttDeviceTest {

    private static final String DEVICE = "radar-001";
    /** Not ASCII on purpose: the password must travel as the secret's UTF-8 bytes. */
    private static final String SECRET = "s3cret-安心-ü";

    private TestMqttServer server;

    @BeforeEach
    void startServer() {
        server = TestMqttServer.start(Map.of(DEVICE, SECRET));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(ints = {3, 5})
    void publishDoesNotReturnBeforeTheServersPuback(int mqttVersion) throws Exception {
        try (MqttDevice device = MqttDevice.connect("127.0.0.1", server.port(), DEVICE, SECRET, mqttVersion)) {
            server.holdAcks();
            byte[] payload = new Payloads(java.time.Clock.systemUTC()).heartbeat(50, null).json();

            CompletableFuture<Integer> publishing = CompletableFuture.supplyAsync(() -> {
                try {
                    return device.publish("heartbeat", payload);
                } catch (MqttDeviceException e) {
                    throw new IllegalStateException(e);
                }
            });

            await().atMost(Duration.ofSeconds(5)).until(() -> server.received().size() == 1);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !publishing.isDone());
            server.releaseAcks();
            await().atMost(Duration.ofSeconds(5)).until(publishing::isDone);
            assertThat(publishing.get()).isZero();
        }
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(ints = {3, 5})
    void publishesAtQos1WithoutRetainOnTheDeviceEventTopic(int mqttVersion) throws Exception {
        byte[] payload = "{\"msgId\":\"m-1\",\"ts\":\"2026-11-29T01:02:03.120+08:00\"}".getBytes(StandardCharsets.UTF_8);

        try (MqttDevice device = MqttDevice.connect("127.0.0.1", server.port(), DEVICE, SECRET, mqttVersion)) {
            assertThat(device.deviceId()).isEqualTo(DEVICE);
            assertThat(device.mqttVersion()).isEqualTo(mqttVersion);
            assertThat(device.isConnected()).isTrue();
            assertThat(device.publish("heartbeat", payload)).isZero();
        }

        assertThat(server.received()).singleElement().satisfies(r -> {
            assertThat(r.clientId()).isEqualTo(DEVICE);
            assertThat(r.protocolVersion()).isEqualTo(mqttVersion == 5 ? 5 : 4);
            assertThat(r.topic()).isEqualTo("anxin/v1/devices/radar-001/events/heartbeat");
            assertThat(r.qos()).isEqualTo(1);
            assertThat(r.retain()).isFalse();
            assertThat(r.payload()).isEqualTo(payload);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> server.disconnectedClients().contains(DEVICE));
    }

    @ParameterizedTest(name = "MQTT {0} refuses with code {1}")
    @CsvSource({"3, 4", "5, 134"})
    void aRefusedConnectThrowsWithTheConnackCode(int mqttVersion, int expectedCode) {
        MqttDeviceException refused = catchThrowableOfType(MqttDeviceException.class,
                () -> MqttDevice.connect("127.0.0.1", server.port(), DEVICE, "wrong", mqttVersion));

        assertThat(refused.failure()).isEqualTo(MqttDeviceException.Failure.CONNECT_REFUSED);
        assertThat(refused.reasonCode()).isEqualTo(expectedCode);
        assertThat(refused.getMessage()).contains(DEVICE, "connection refused", "bad user name or password");
        assertThat(server.refusedClients()).containsExactly(DEVICE);
    }

    @Test
    void anMqtt5PubackAbove0x80IsThrownWithItsReasonCode() throws Exception {
        server.answerPublishesWith(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID);

        try (MqttDevice device = MqttDevice.connect("127.0.0.1", server.port(), DEVICE, SECRET, 5)) {
            MqttDeviceException rejected = catchThrowableOfType(MqttDeviceException.class,
                    () -> device.publish("fall", "{}".getBytes(StandardCharsets.UTF_8)));

            assertThat(rejected.failure()).isEqualTo(MqttDeviceException.Failure.PUBLISH_REJECTED);
            assertThat(rejected.reasonCode()).isEqualTo(0x99);
            assertThat(rejected.getMessage()).contains("payload format invalid", "0x99");
        }
    }

    @Test
    void anMqtt5PubackBelow0x80IsReturned() throws Exception {
        server.answerPublishesWith(MqttPubAckReasonCode.NO_MATCHING_SUBSCRIBERS);

        try (MqttDevice device = MqttDevice.connect("127.0.0.1", server.port(), DEVICE, SECRET, 5)) {
            assertThat(device.publish("fall", "{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(0x10);
        }
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(ints = {3, 5})
    void aMissingPubackEndsInATimeout(int mqttVersion) throws Exception {
        server.holdAcks();

        try (MqttDevice device = MqttDevice.connect("127.0.0.1", server.port(), DEVICE, SECRET, mqttVersion,
                Duration.ofMillis(1500))) { // Paho alone needs ~0.3 s to connect
            MqttDeviceException timeout = catchThrowableOfType(MqttDeviceException.class,
                    () -> device.publish("heartbeat", "{}".getBytes(StandardCharsets.UTF_8)));

            assertThat(timeout.failure()).isEqualTo(MqttDeviceException.Failure.TIMEOUT);
            assertThat(timeout.getMessage()).contains("no PUBACK");
        }
    }

    @Test
    void topicLevelsCannotSmuggleWildcardsOrSeparators() {
        assertThat(MqttDevice.eventTopic("radar-001", "fall")).isEqualTo("anxin/v1/devices/radar-001/events/fall");
        for (String bad : new String[] {"a/b", "a+", "#", ""}) {
            assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> MqttDevice.eventTopic(bad, "fall")))
                    .isNotNull();
            assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> MqttDevice.eventTopic("d", bad)))
                    .isNotNull();
        }
    }
}
