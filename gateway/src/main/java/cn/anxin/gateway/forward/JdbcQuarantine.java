package cn.anxin.gateway.forward;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.Objects;
import javax.sql.DataSource;

/** Refused messages in the {@code rejected_message} table. */
public final class JdbcQuarantine implements Quarantine {

  private static final String INSERT =
      "INSERT INTO rejected_message (device_id, topic, reason, payload, received_at)"
          + " VALUES (?, ?, ?, ?, ?)";

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
      }
      return null;
    }, false);
  }
}
