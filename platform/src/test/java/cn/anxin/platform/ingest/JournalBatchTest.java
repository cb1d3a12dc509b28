package cn.anxin.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * A batch of journal rows with one event that cannot be processed: the others are processed and
 * their device state written (the latest receipt, the last battery reported), the bad one is
 * marked with its error, each exactly once.
 */
class JournalBatchTest {

  @Test
  void givenABatchWithOneBadEvent_whenProcessed_thenOnlyThatEventCarriesAnErrorAndTheOthersUpdateTheDevice()
      throws Exception {
    try (HikariDataSource db = TestDatabases.fresh()) {
      TestRegistry.elderWithRadar(db, "批处理老人", "radar-batch", "s3cret-batch");
      Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5));
      try (Connection c = db.getConnection()) {
        c.setAutoCommit(false);
        insert(c, "hb-1", t, "{\"msgId\":\"hb-1\",\"ts\":\"" + t + "\",\"battery\":80,\"firmware\":\"1.0.0\"}");
        insert(c, "hb-bad", t.plusSeconds(60), "{\"msgId\":\"hb-bad\",\"ts\":\"" + t.plusSeconds(60)
            + "\",\"battery\":\"not a number\"}");
        insert(c, "hb-3", t.plusSeconds(120), "{\"msgId\":\"hb-3\",\"ts\":\"" + t.plusSeconds(120) + "\",\"battery\":77}");
        c.commit();
      }
      try (RunningStack stack = RunningStack.start(db)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> TestRegistry.count(db,
            "SELECT count(*) FROM device_event WHERE device_id = 'radar-batch' AND processed_at IS NULL") == 0);
      }
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE device_id = 'radar-batch'"
          + " AND process_error IS NOT NULL")).isEqualTo(1);
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_event WHERE msg_id = 'hb-bad'"
          + " AND process_error IS NOT NULL")).isEqualTo(1);
      try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
          "SELECT last_seen_at, battery, firmware FROM device WHERE id = 'radar-batch'");
          ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        assertThat(r.getTimestamp(1).toInstant()).isEqualTo(t.plusSeconds(120));
        assertThat(r.getInt(2)).isEqualTo(77);
        assertThat(r.getString(3)).isEqualTo("1.0.0");
      }
    }
  }

  private static void insert(Connection c, String msgId, Instant at, String payload) throws Exception {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO device_event (device_id, msg_id, kind, event_time,"
        + " event_offset_minutes, received_at, payload) VALUES ('radar-batch', ?, 'HEARTBEAT', ?, 0, ?, ?::jsonb)")) {
      s.setString(1, msgId);
      s.setTimestamp(2, Timestamp.from(at));
      s.setTimestamp(3, Timestamp.from(at));
      s.setString(4, payload);
      s.executeUpdate();
    }
  }
}
