package cn.anxin.platform.meals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.Payloads;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

/**
 * A swipe whose processing loses a deadlock against another transaction (SQLState 40P01) is
 * processed again, not marked failed: the journal consumer rolls the batch back and retries it.
 */
class SwipeDeadlockTest extends OnMealStack {

  private static final String READER = "reader-deadlock";

  @Test
  void givenTheConsumerDeadlocksOverASwipe_whenItIsTheVictim_thenTheSwipeIsProcessedAgainAndTheMealRecordedOnce()
      throws Exception {
    long centre = dayCare("DC-DL");
    station("MS-DL", READER);
    policy("EXTREME_POVERTY", 1500, 1500, 1500, 1);
    long elder = elder(centre, "赵玉兰", "EXTREME_POVERTY");
    credential(elder, "ELDER_CARD", "EC-0000777");

    try (MqttClient device = stack.connectV3(READER, SECRET); Connection other = db.getConnection()) {
      // The reader's "online" notice is processed before the other transaction holds the reader's row.
      await().atMost(Duration.ofSeconds(10)).until(() -> count(
          "SELECT count(*) FROM device_event WHERE device_id = ? AND processed_at IS NULL", READER) == 0);
      other.setAutoCommit(false);
      try (PreparedStatement s = other.prepareStatement("UPDATE device SET model = model WHERE id = ?")) {
        s.setString(1, READER);
        s.executeUpdate();
      }
      device.publish("anxin/v1/devices/" + READER + "/events/swipe", Payloads.qos1(
          swipe("elder_card", "EC-0000777", "lunch", 2000, 1500).encode().getBytes(StandardCharsets.UTF_8)));
      // The consumer has claimed the swipe and waits for the reader's row, held by the other transaction ...
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> count(
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
              + " AND query LIKE 'UPDATE device %'") > 0);
      // ... which now asks for the swipe's journal row: a deadlock, and the consumer waited first.
      try (PreparedStatement s = other.prepareStatement(
          "SELECT id FROM device_event WHERE device_id = ? AND kind = 'MEAL_SWIPE' FOR UPDATE")) {
        s.setString(1, READER);
        try (ResultSet r = s.executeQuery()) {
          assertThat(r.next()).isTrue();
        }
      }
      other.commit();
      await().atMost(Duration.ofSeconds(10)).until(() -> count(
          "SELECT count(*) FROM device_event WHERE device_id = ? AND kind = 'MEAL_SWIPE' AND processed_at IS NOT NULL",
          READER) == 1);
      device.disconnect();
    }

    assertThat(text("SELECT coalesce(process_error, 'none') FROM device_event WHERE device_id = ?"
        + " AND kind = 'MEAL_SWIPE'", READER)).isEqualTo("none");
    assertThat(count("SELECT count(*) FROM meal_record WHERE elder_id = ? AND outcome = 'SUBSIDISED'"
        + " AND subsidy_fen = 1500", elder)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM device WHERE id = ? AND last_seen_at IS NOT NULL", READER)).isEqualTo(1);
  }
}
