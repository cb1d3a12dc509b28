package cn.anxin.platform.rules.meters;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

/** A backtest's half hours where its range starts inside one: that half hour stays as stored. */
class ReplayMeterUsageTest {

  @Test
  void givenARangeStartingMidHalfHour_whenReplayedReadingsAreAdded_thenThatHalfHourIsTheStoredOne()
      throws Exception {
    try (HikariDataSource db = TestDatabases.fresh()) {
      long elder = TestRegistry.elderWithRadar(db, "回放老人", "replay-radar", "s3cret-s3cret-s3cret");
      Instant nine = Instant.parse("2026-11-02T01:00:00Z");
      Instant ten = nine.plus(Duration.ofMinutes(60));
      try (Connection c = db.getConnection()) {
        store(c, elder, nine, 8.0);
        store(c, elder, nine.plus(Duration.ofMinutes(30)), 5.0);
        ReplayMeterUsage replay = new ReplayMeterUsage(nine.plus(Duration.ofMinutes(10)));

        replay.add(c, elder, MeterKind.WATER, nine, 3.0);
        replay.add(c, elder, MeterKind.WATER, nine.plus(Duration.ofMinutes(30)), 4.0);
        NavigableMap<Instant, Double> buckets = replay.buckets(c, elder, MeterKind.WATER, nine, ten);

        assertThat(buckets.get(nine)).as("the half hour the range starts in, as live processing made it")
            .isEqualTo(8.0);
        assertThat(buckets.get(nine.plus(Duration.ofMinutes(30)))).as("a whole replayed half hour").isEqualTo(4.0);
      }
    }
  }

  private static void store(Connection c, long elder, Instant bucket, double litres) throws Exception {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO meter_usage (elder_id, kind, bucket, amount, readings) VALUES (?, 'WATER', ?, ?, 1)")) {
      s.setLong(1, elder);
      s.setTimestamp(2, Timestamp.from(bucket));
      s.setDouble(3, litres);
      s.executeUpdate();
    }
  }
}
