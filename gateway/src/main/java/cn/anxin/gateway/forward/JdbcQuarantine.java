package cn.anxin.gateway.forward;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.Objects;
import javax.sql.DataSource;

/** Refused messages in the {@code rejected_message} table, the newest {@link #KEPT_PER_DEVICE} per device. */
public final class JdbcQuarantine implements Quarantine {

  private static final String INSERT =
      "INSERT INTO rejected_message (device_id, topic, reason, payload, received_at)"
          + " VALUES (?, ?, ?, ?, ?)";

  /** Refused messages kept per device; older ones give way, so a flood cannot fill the disk. */
  public static final int KEPT_PER_DEVICE = 200;

  private static final String TRIM =
      "DELETE FROM rejected_message WHERE device_id = ? AND id < (SELECT min(id) FROM"
          + " (SELECT id FROM rejected_message WHERE device_id = ? ORDER BY id DESC LIMIT "
          + KEPT_PER_DEVICE + ") newest)";

  private final DataSource dataSource;
  private final WorkerExecutor workers;

  public JdbcQuarantine(DataSource dataSource, WorkerExecutor workers) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.workers = Objects.requireNonNull(workers, "workers");
  }

  @Override
  public Future<Void> keep(Rejection rejection) {
    return workers.executeBlocking(() -> {
      try (Connection c = dataSource.getConnection();
          PreparedStatement s = c.prepareStatement(INSERT)) {
        s.setString(1, rejection.deviceId());
        s.setString(2, rejection.topic());
        s.setString(3, rejection.reason());
        s.setBytes(4, rejection.payload());
        s.setTimestamp(5, Timestamp.from(rejection.receivedAt()));
        s.executeUpdate();
        try (PreparedStatement trim = c.prepareStatement(TRIM)) {
          trim.setString(1, rejection.deviceId());
          trim.setString(2, rejection.deviceId());
          trim.executeUpdate();
        }
      }
      return null;
    }, false);
  }
}
