package cn.anxin.platform.console;

import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Data for the console's browser tests beyond TestRegistry's: positions, and falls sent over MQTT. */
final class ConsoleFixtures {

  private final DataSource db;
  private final RunningStack stack;

  ConsoleFixtures(DataSource db, RunningStack stack) {
    this.db = db;
    this.stack = stack;
  }

  long siteOf(long elderId) throws SQLException {
    return TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elderId);
  }

  /** Puts an elder's home on the map. */
  void placeElder(long elderId, double lon, double lat) throws SQLException {
    update("UPDATE elder SET lon = ?, lat = ? WHERE id = ?", lon, lat, elderId);
  }

  /** Puts a site on the map. */
  void placeSite(long siteId, double lon, double lat) throws SQLException {
    update("UPDATE site SET lon = ?, lat = ? WHERE id = ?", lon, lat, siteId);
  }

  /** Gives an elder the last four characters of an ID card, all the masked form shows. */
  void maskedIdCard(long elderId, String last4) throws SQLException {
    update("UPDATE elder SET id_card_last4 = ? WHERE id = ?", last4, elderId);
  }

  /** Moves an elder to another elder's responsible site (so staff of that site see both). */
  void moveElder(long elderId, long siteId) throws SQLException {
    update("UPDATE elder SET site_id = ? WHERE id = ?", siteId, elderId);
    update("UPDATE device SET site_id = ? WHERE elder_id = ?", siteId, elderId);
  }

  /** A fall reported by a device over MQTT 3.1.1 with QoS 1, as the radar's firmware does. */
  void publishFall(String deviceId, String secret, String msgId) throws Exception {
    publish(deviceId, secret, Payloads.fallTopic(deviceId), Payloads.fallBytes(msgId));
  }

  /** A radar's heart and breathing rates, measured some minutes ago. */
  void publishVitals(String deviceId, String secret, String msgId, int minutesAgo, int heartRate, int breathingRate)
      throws Exception {
    String ts = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(minutesAgo).truncatedTo(ChronoUnit.SECONDS)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    String payload = "{\"msgId\":\"" + msgId + "\",\"ts\":\"" + ts + "\",\"heartRate\":" + heartRate
        + ",\"breathingRate\":" + breathingRate + ",\"inBed\":true}";
    publish(deviceId, secret, "anxin/v1/devices/" + deviceId + "/events/vitals", payload.getBytes(StandardCharsets.UTF_8));
  }

  /** Counts a device's stored events of one kind (as stored, e.g. VITALS). */
  long events(String deviceId, String kind) throws SQLException {
    return TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = ? AND kind = ?", deviceId, kind);
  }

  /** Puts a device's events of one kind behind an alert, as a rule that used them would. */
  void linkEvents(long alertId, String deviceId, String kind) throws SQLException {
    update("INSERT INTO alert_event (alert_id, event_id) SELECT ?, id FROM device_event WHERE device_id = ? AND kind = ?"
        + " ON CONFLICT DO NOTHING", alertId, deviceId, kind);
  }

  /** A water meter in the same home as an existing device (same elder, site and room). */
  void waterMeterBeside(String existingDeviceId, String meterId) throws SQLException {
    update("INSERT INTO device (id, kind, secret_hash, elder_id, site_id, room) SELECT ?, 'WATER_METER', secret_hash,"
        + " elder_id, site_id, room FROM device WHERE id = ?", meterId, existingDeviceId);
  }

  /** A reading straight into the journal, already processed (history for charts, not for the rules). */
  void journal(String deviceId, String kind, java.time.Instant at, String payloadJson) throws SQLException {
    update("INSERT INTO device_event (device_id, msg_id, kind, event_time, event_offset_minutes, received_at, payload,"
        + " processed_at) VALUES (?, ?, ?, ?, 480, ?, ?::jsonb, now())", deviceId, "hist-" + System.nanoTime(), kind,
        java.sql.Timestamp.from(at), java.sql.Timestamp.from(at), payloadJson);
  }

  private void publish(String deviceId, String secret, String topic, byte[] payload) throws Exception {
    try (MqttClient device = new MqttClient(stack.mqttUri(), deviceId, new MemoryPersistence())) {
      MqttConnectOptions options = new MqttConnectOptions();
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setUserName(deviceId);
      options.setPassword(secret.toCharArray());
      options.setCleanSession(true);
      device.connect(options);
      MqttMessage message = new MqttMessage(payload);
      message.setQos(1);
      device.publish(topic, message);
      device.disconnect();
    }
  }

  private void update(String sql, Object... args) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }
}
