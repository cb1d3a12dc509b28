package cn.anxin.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> WATER_FIELDS = Set.of("msgId", "ts", "intervalMinutes", "volumeL", "registerL");

    @TempDir
    Path dir;

    @Test
    void aQos1LoadIsAcknowledgedExactlyAsTheServerReceivedItWithValidPayloads() throws IOException {
        try (TestMqttServer server = TestMqttServer.start(devices("load-%05d", 50, "s3cret"))) {
            CliRun run = CliRun.of("load", "--port", Integer.toString(server.port()), "--secret", "s3cret",
                    "--devices", "50", "--duration", "2", "--rate", "5", "--qos", "1",
                    "--mix", "heartbeat=50,fall=25,water=25", "--connect-rate", "1000", "--progress", "0", "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode report = JSON.readTree(run.out());
            assertThat(report.get("connectionsAccepted").asLong()).isEqualTo(50);
            assertThat(report.get("connectionsFailed").asLong()).isZero();
            assertThat(report.get("heldAtEnd").asInt()).isEqualTo(50);
            long acked = report.get("acknowledged").asLong();
            assertThat(acked).isPositive();
            assertThat(acked).isEqualTo(server.received().size());
            assertThat(report.get("sent").asLong()).isEqualTo(acked);
            assertThat(report.get("pubackLatencyMillis").get("count").asLong()).isEqualTo(acked);

            Set<String> msgIds = new HashSet<>();
            Set<String> kinds = new HashSet<>();
            for (TestMqttServer.Received r : server.received()) {
                assertThat(r.qos()).isEqualTo(1);
                String kind = r.topic().substring(r.topic().lastIndexOf('/') + 1);
                assertThat(r.topic()).isEqualTo(MqttDevice.eventTopic(r.clientId(), kind));
                kinds.add(kind);
                JsonNode node = ContractAssertions.json(r.payload());
                ContractAssertions.assertCommonFields(node);
                assertThat(msgIds.add(node.get("msgId").asText())).as("msgId unique").isTrue();
                switch (kind) {
                    case "heartbeat" -> {
                        assertThat(ContractAssertions.HEARTBEAT_FIELDS).containsAll(ContractAssertions.fieldNames(node));
                        assertThat(node.get("battery").asInt()).isBetween(0, 100);
                    }
                    case "fall" -> {
                        assertThat(ContractAssertions.FALL_FIELDS).containsAll(ContractAssertions.fieldNames(node));
                        assertThat(node.get("confidence").asDouble()).isBetween(0.0, 1.0);
                    }
                    case "water" -> {
                        assertThat(ContractAssertions.fieldNames(node)).containsExactlyInAnyOrderElementsOf(WATER_FIELDS);
                        assertThat(node.get("intervalMinutes").isInt()).isTrue();
                        assertThat(node.get("volumeL").asDouble()).isNotNegative();
                        assertThat(node.get("registerL").asDouble()).isNotNegative();
                    }
                    default -> throw new AssertionError("unexpected kind " + kind);
                }
            }
            assertThat(kinds).containsExactlyInAnyOrder("heartbeat", "fall", "water");
        }
    }

    @Test
    void refusedConnectsAreCountedByCONNACKReasonAndNotRetried() throws IOException {
        Path csv = dir.resolve("devices.csv");
        Files.writeString(csv, "deviceId,secret\n# three good, two with a wrong secret\n"
                + "csv-1,good-1\ncsv-2,good-2\ncsv-3,good-3\ncsv-4,wrong\ncsv-5,wrong\n", StandardCharsets.UTF_8);
        Map<String, String> known = new LinkedHashMap<>();
        for (int i = 1; i <= 5; i++) {
            known.put("csv-" + i, "good-" + i);
        }
        try (TestMqttServer server = TestMqttServer.start(known)) {
            CliRun run = CliRun.of("load", "--port", Integer.toString(server.port()), "--credentials", csv.toString(),
                    "--duration", "1.5", "--hold", "--reconnect-delay", "0.1", "--progress", "0");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).containsPattern("connections accepted\\D+3\\b");
            assertThat(run.out()).containsPattern("connections failed\\D+2\\b");
            assertThat(run.out()).containsPattern("bad user name or password \\(CONNACK return code 4\\)\\s+2\\b");
            assertThat(server.refusedClients()).containsExactlyInAnyOrder("csv-4", "csv-5");
        }
    }

    @Test
    void devicesReconnectAfterTheServerDropsThem() throws Exception {
        try (TestMqttServer server = TestMqttServer.start(devices("re-%d", 10, "s"))) {
            CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> CliRun.of("load",
                    "--port", Integer.toString(server.port()), "--secret", "s", "--id-pattern", "re-%d",
                    "--devices", "10", "--duration", "6", "--rate", "2", "--reconnect-delay", "0.2",
                    "--reconnect-max", "0.5", "--progress", "0", "--json"));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 10);
            server.dropAll();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.acceptedConnections() >= 20);

            CliRun run = running.get(30, TimeUnit.SECONDS);
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode report = JSON.readTree(run.out());
            assertThat(report.get("dropped").asLong()).isEqualTo(10);
            assertThat(report.get("reconnects").asLong()).isEqualTo(10);
            assertThat(report.get("connectionsAccepted").asLong()).isEqualTo(20);
            assertThat(report.get("heldAtEnd").asInt()).isEqualTo(10);
            long received = server.received().size();
            long acked = report.get("acknowledged").asLong();
            assertThat(acked).isPositive();
            assertThat(acked + report.get("lostInFlight").asLong()).isEqualTo(report.get("sent").asLong());
            assertThat(received).isGreaterThanOrEqualTo(acked);
        }
    }

    @Test
    void badOptionsGetAClearMessageAndExitCode2() {
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("--secret", "s", "--devices", "0"), "--devices must be 1..1000000");
        cases.put(List.of("--secret", "s", "--qos", "2"), "--qos must be 0 or 1");
        cases.put(List.of("--secret", "s", "--mix", "heartbeat=9,smoke=1"), "unknown kind \"smoke\"");
        cases.put(List.of("--secret", "s", "--local-addresses", "127.0.0.300"), "not an octet");
        cases.put(List.of("--secret", "s", "--local-addresses", "127.0.0.9-127.0.0.2"), "ends before it starts");
        cases.put(List.of("--secret", "s", "--id-pattern", "fixed"), "--id-pattern must contain the index");
        cases.put(List.of("--secret", "s", "--churn", "1.5"), "--churn must be a share between 0 and 1");
        cases.put(List.of("--secret", "s", "--duration", "0"), "--duration must be more than 0");
        cases.put(List.of("--devices", "5"), "missing credentials");
        cases.put(List.of("--credentials", dir.resolve("absent.csv").toString()), "cannot read");
        cases.forEach((args, message) -> {
            String[] full = new String[args.size() + 3];
            full[0] = "load";
            full[1] = "--port";
            full[2] = "1883";
            for (int i = 0; i < args.size(); i++) {
                full[i + 3] = args.get(i);
            }
            CliRun run = CliRun.of(full);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(DeviceSim.EXIT_USAGE);
            assertThat(run.err()).as(String.join(" ", args)).contains(message);
        });
    }

    @Test
    void localAddressRangesExpand() {
        assertThat(LocalAddresses.parse("127.0.0.2-4,10.0.0.1")).containsExactly(
                "127.0.0.2", "127.0.0.3", "127.0.0.4", "10.0.0.1");
        assertThat(LocalAddresses.parse("127.0.0.254-127.0.1.1")).containsExactly(
                "127.0.0.254", "127.0.0.255", "127.0.1.0", "127.0.1.1");
    }

    private static Map<String, String> devices(String pattern, int count, String secret) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            secrets.put(String.format(pattern, i), secret);
        }
        return secrets;
    }
}
