package cn.anxin.platform.readings;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where an elder's bucketed readings come from. Today the device-event journal
 * ({@link JournalReadings}); a typed time-series view can take its place behind this interface.
 */
public interface ReadingSource {

  /**
   * The buckets of {@code bucket} length between {@code from} (inclusive) and {@code to} (exclusive)
   * that have readings, oldest first, each a JSON object with {@code at}, {@code count} and the
   * kind's values.
   */
  List<JsonObject> buckets(Connection c, long elderId, ReadingKind kind, Instant from, Instant to, Duration bucket)
      throws SQLException;
}
