package cn.anxin.platform.rules.timers;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/** A stored timer: pending, or claimed for firing. */
public record DueTimer(long id, Optional<Long> elderId, Optional<String> deviceId, String rule, String purpose,
    Instant dueAt, JsonObject payload, Instant createdAt) {

  /** The event that armed (or last re-armed) the timer. */
  public long eventId() {
    return payload.getLong("eventId");
  }
}
