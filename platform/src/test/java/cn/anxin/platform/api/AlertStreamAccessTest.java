package cn.anxin.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

/** Who the live alert stream and the open-alert list speak to, and what they leave in the audit. */
class AlertStreamAccessTest extends OnRunningStack {

  @Test
  void givenAFamilyMembersOpenStream_whenTheySignOut_thenTheStreamEnds() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "流老人", "radar-stream-out", "secret");
    TestAccounts.family(db, "stream.family", elder);
    ApiClient family = stack.signIn("stream.family");
    HttpRequest open = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort() + "/api/alerts/stream"))
        .header("Authorization", "Bearer " + family.token()).build();
    CompletableFuture<HttpResponse<Stream<String>>> stream =
        HttpClient.newHttpClient().sendAsync(open, HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> response = stream.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    CompletableFuture<Long> ended = CompletableFuture.supplyAsync(() -> response.body().count());

    assertThat(family.delete("/api/session").status()).isEqualTo(204);

    assertThat(ended.get(10, TimeUnit.SECONDS)).as("lines before the stream ended").isPositive();
  }

  @Test
  void givenAnOpenAlert_whenStaffListOpenAlertsAndTheStreamPushesOne_thenBothReadsAreAudited() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "审计老人", "radar-stream-audit", "s3cret");
    long site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder);
    long staffId = TestAccounts.create(db, "stream.staff", cn.anxin.platform.access.Role.STAFF, site);
    ApiClient staff = stack.signIn("stream.staff");
    HttpRequest open = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort() + "/api/alerts/stream"))
        .header("Authorization", "Bearer " + staff.token()).build();
    HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
        .sendAsync(open, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
    try (MqttClient radar = stack.connectV3("radar-stream-audit", "s3cret")) {
      radar.publish(Payloads.fallTopic("radar-stream-audit"), Payloads.qos1(Payloads.fallBytes("audit-1")));
      radar.disconnect();
    }
    stack.awaitOpenAlertFor(elder);

    assertThat(staff.get("/api/alerts").array()).hasSize(1);

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> TestRegistry.count(db,
        "SELECT count(*) FROM access_audit WHERE account_id = ? AND action = 'ALERT_PUSH' AND ? = ANY (elder_ids)",
        staffId, elder) == 1);
    assertThat(TestRegistry.count(db,
        "SELECT count(*) FROM access_audit WHERE account_id = ? AND action = 'ALERT_LIST' AND ? = ANY (elder_ids)",
        staffId, elder)).isEqualTo(1);
    response.body().close();
  }
}
