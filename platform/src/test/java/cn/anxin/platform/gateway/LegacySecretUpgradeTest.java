package cn.anxin.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Secrets stored as Argon2id before the fast hash existed are replaced by the fast kind at their next
 * successful CONNECT (real Paho clients, real PostgreSQL); a wrong secret changes nothing.
 */
class LegacySecretUpgradeTest extends OnRunningStack {

  private static final SecretHasher HASHER = new SecretHasher();

  @Test
  void givenAnArgon2DeviceHash_whenTheDeviceConnects_thenTheHashBecomesFastAndStillOpens() throws Exception {
    String secret = SecretHasher.newSecret();
    TestRegistry.elderWithRadar(db, "赵淑芬", "radar-legacy-1", secret);
    setDeviceHash("radar-legacy-1", HASHER.hash(secret));
    String legacy = deviceHash("radar-legacy-1");
    assertThat(legacy).startsWith("$argon2id$");

    MqttException refused = catchThrowableOfType(
        () -> stack.connectV3("radar-legacy-1", secret + "x"), MqttException.class);
    assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    assertThat(deviceHash("radar-legacy-1")).as("a wrong secret changes nothing").isEqualTo(legacy);

    try (MqttClient device = stack.connectV3("radar-legacy-1", secret)) {
      assertThat(device.isConnected()).isTrue();
      device.disconnect();
    }
    String upgraded = deviceHash("radar-legacy-1");
    assertThat(upgraded).startsWith(SecretHasher.FAST_PREFIX).doesNotContain(secret);
    assertThat(HASHER.matchesGenerated(secret, upgraded)).isTrue();

    try (MqttClient device = stack.connectV3("radar-legacy-1", secret)) {
      assertThat(device.isConnected()).as("the upgraded hash still opens").isTrue();
      device.disconnect();
    }
    assertThat(catchThrowableOfType(() -> stack.connectV3("radar-legacy-1", "wrong"), MqttException.class)
        .getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    assertThat(deviceHash("radar-legacy-1")).as("nor does a wrong secret against a fast hash").isEqualTo(upgraded);
  }

  @Test
  void givenAnArgon2FamilyAppHash_whenTheAppConnects_thenTheHashBecomesFastAndStillOpens() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "钱玉兰", "radar-legacy-fam", "secret-radar-legacy-fam");
    TestAccounts.family(db, "legacy.family", elder);
    ApiClient.Answer issued = stack.signIn("legacy.family").send("POST", "/api/me/push-credentials", null, null);
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    JsonObject creds = issued.json();
    String clientId = creds.getString("clientId");
    String secret = creds.getString("secret");
    setAppHash(clientId, HASHER.hash(secret));
    String legacy = appHash(clientId);
    assertThat(legacy).startsWith("$argon2id$");

    MqttException refused = catchThrowableOfType(() -> connectApp(creds, secret + "x"), MqttException.class);
    assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    assertThat(appHash(clientId)).as("a wrong secret changes nothing").isEqualTo(legacy);

    try (MqttClient app = connectApp(creds, secret)) {
      assertThat(app.isConnected()).isTrue();
      app.disconnect();
    }
    String upgraded = appHash(clientId);
    assertThat(upgraded).startsWith(SecretHasher.FAST_PREFIX);
    assertThat(HASHER.matchesGenerated(secret, upgraded)).isTrue();
    try (MqttClient app = connectApp(creds, secret)) {
      assertThat(app.isConnected()).as("the upgraded hash still opens").isTrue();
      app.disconnect();
    }
  }

  private MqttClient connectApp(JsonObject creds, String secret) throws MqttException {
    MqttClient client = new MqttClient(stack.mqttUri(), creds.getString("clientId"), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(creds.getString("username"));
    options.setPassword(secret.toCharArray());
    options.setCleanSession(true);
    try {
      client.connect(options);
    } catch (MqttException e) {
      client.close();
      throw e;
    }
    return client;
  }

  private void setDeviceHash(String deviceId, String hash) throws Exception {
    update("UPDATE device SET secret_hash = ? WHERE id = ?", hash, deviceId);
  }

  private void setAppHash(String clientId, String hash) throws Exception {
    update("UPDATE family_push_credential SET secret_hash = ? WHERE client_id = ?", hash, clientId);
  }

  private String deviceHash(String deviceId) throws Exception {
    return text("SELECT secret_hash FROM device WHERE id = ?", deviceId);
  }

  private String appHash(String clientId) throws Exception {
    return text("SELECT secret_hash FROM family_push_credential WHERE client_id = ?", clientId);
  }

  private void update(String sql, String a, String b) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, a);
      s.setString(2, b);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
  }

  private String text(String sql, String arg) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, arg);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        return r.getString(1);
      }
    }
  }
}
