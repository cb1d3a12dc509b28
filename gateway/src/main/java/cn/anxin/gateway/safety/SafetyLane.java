package cn.anxin.gateway.safety;

import cn.anxin.gateway.decode.DeviceEvent;
import cn.anxin.gateway.decode.EventBody;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.gateway.forward.EventJournal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's end of the safety lane. A fall or an SOS press is published on
 * {@link #RAISED_ADDRESS} the moment it has been decoded and validated, before and whatever the
 * journal does with it, so the platform can show it on the consoles without waiting for the
 * database. One the journal could not store (the database is down) is kept here, at most
 * {@code capacity} of them (the oldest go first), and appended again every {@code retryMillis}
 * until the journal takes it: the alert is then raised as for any stored event, even if the device
 * never sends it again. A device that does resend is harmless, the journal stores each
 * (device, msgId) once.
 */
public final class SafetyLane {

  private static final Logger LOG = LoggerFactory.getLogger(SafetyLane.class);

  /**
   * Event-bus address (local) of every validated fall and SOS press, as a JSON object: deviceId,
   * kind (FALL or SOS), msgId, eventTime (RFC 3339, the device's offset), receivedAt (instant),
   * zone (falls, when the device names it).
   */
  public static final String RAISED_ADDRESS = "anxin.gateway.safety-raised";

  public static final int DEFAULT_CAPACITY = 10_000;
  public static final long DEFAULT_RETRY_MILLIS = 2_000;

  private static final Set<EventKind> KINDS = EnumSet.of(EventKind.FALL, EventKind.SOS);

  private record Key(String deviceId, String msgId) {}

  private final Vertx vertx;
  private final EventJournal journal;
  private final int capacity;
  private final long retryMillis;
  private final Map<Key, DeviceEvent> unstored = new LinkedHashMap<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong restored = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private long timer = -1;
  private boolean retrying;
  private boolean closed;

  public SafetyLane(Vertx vertx, EventJournal journal) {
    this(vertx, journal, DEFAULT_CAPACITY, DEFAULT_RETRY_MILLIS);
  }

  public SafetyLane(Vertx vertx, EventJournal journal, int capacity, long retryMillis) {
    if (capacity < 1 || retryMillis < 1) {
      throw new IllegalArgumentException("capacity and retryMillis must be positive");
    }
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.capacity = capacity;
    this.retryMillis = retryMillis;
  }

  /** Whether events of this kind take the lane (falls and SOS presses). */
  public boolean covers(EventKind kind) {
    return KINDS.contains(kind);
  }

  /** Publishes a validated fall or SOS press at once. */
  public void raised(DeviceEvent event) {
    vertx.eventBus().publish(RAISED_ADDRESS, json(event));
  }

  /**
   * Keeps an event the journal could not store, and appends it again until it can; not one the
   * database refused for its data (it would be refused again, for ever, taking a place a real fall
   * may need): that one is logged, counted, and left to the device.
   */
  public void unstored(DeviceEvent event, Throwable cause) {
    if (refusedOnData(cause)) {
      refused.incrementAndGet();
      LOG.error("safety lane: the journal refused {} {} from {} on its data ({}); not retried",
          event.kind(), event.msgId(), event.deviceId(), cause.toString());
      return;
    }
    unstored(event);
  }

  /** Whether the database refused the statement for the data it carried (SQLSTATE 22, 23). */
  static boolean refusedOnData(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException e && e.getSQLState() != null
          && (e.getSQLState().startsWith("22") || e.getSQLState().startsWith("23"))) {
        return true; // data exception, integrity constraint violation
      }
    }
    return false;
  }

  /** Events the journal refused on their data, which the lane does not retry. */
  public long refused() {
    return refused.get();
  }

  /** Keeps an event the journal could not store, and appends it again until it can. */
  public void unstored(DeviceEvent event) {
    synchronized (unstored) {
      if (closed) {
        return;
      }
      Key key = new Key(event.deviceId(), event.msgId());
      if (!unstored.containsKey(key) && unstored.size() >= capacity) {
        Iterator<Map.Entry<Key, DeviceEvent>> eldest = unstored.entrySet().iterator();
        DeviceEvent lost = eldest.next().getValue();
        eldest.remove();
        dropped.incrementAndGet();
        LOG.error("safety lane full ({} events): {} from {} is left to the device's resend",
            capacity, lost.msgId(), lost.deviceId());
      }
      unstored.put(key, event);
      arm();
    }
  }

  /** Falls and SOS presses waiting for the journal. */
  public int unstoredCount() {
    synchronized (unstored) {
      return unstored.size();
    }
  }

  /** Events the lane let go because it was full (the device's own resend is then the only copy). */
  public long dropped() {
    return dropped.get();
  }

  /** Events the lane wrote to the journal after a first attempt had failed. */
  public long restored() {
    return restored.get();
  }

  public void close() {
    synchronized (unstored) {
      closed = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }

  /** Under the lock: sets the retry timer unless one is set or a retry runs. */
  private void arm() {
    if (timer < 0 && !retrying && !closed) {
      timer = vertx.setTimer(retryMillis, t -> retry());
    }
  }

  private void retry() {
    List<DeviceEvent> batch;
    synchronized (unstored) {
      timer = -1;
      if (closed || unstored.isEmpty()) {
        return;
      }
      retrying = true;
      batch = new ArrayList<>(unstored.values());
    }
    List<Future<?>> attempts = new ArrayList<>(batch.size());
    for (DeviceEvent event : batch) {
      attempts.add(journal.append(event).onSuccess(appended -> {
        synchronized (unstored) {
          unstored.remove(new Key(event.deviceId(), event.msgId()));
        }
        restored.incrementAndGet();
        LOG.info("safety lane stored {} {} from {} after the database came back",
            event.kind(), event.msgId(), event.deviceId());
      }).onFailure(cause -> {
        if (refusedOnData(cause)) {
          synchronized (unstored) {
            unstored.remove(new Key(event.deviceId(), event.msgId()));
          }
          refused.incrementAndGet();
          LOG.error("safety lane: the journal refused {} {} from {} on its data ({}); not retried",
              event.kind(), event.msgId(), event.deviceId(), cause.toString());
        }
      }));
    }
    Future.join(attempts).onComplete(done -> {
      synchronized (unstored) {
        retrying = false;
        if (!unstored.isEmpty()) {
          arm();
        }
      }
    });
  }

  static JsonObject json(DeviceEvent event) {
    JsonObject json = new JsonObject()
        .put("deviceId", event.deviceId())
        .put("kind", event.kind().name())
        .put("msgId", event.msgId())
        .put("eventTime", event.eventTime().toString())
        .put("receivedAt", event.receivedAt().toString());
    if (event.body() instanceof EventBody.FallDetected fall) {
      fall.zone().ifPresent(zone -> json.put("zone", zone));
    }
    return json;
  }
}
