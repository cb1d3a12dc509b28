package cn.anxin.platform.alerts;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Objects;

/**
 * One line of an alert's timeline: what kind of thing happened, when, and its JSON as the API shows
 * it (which carries {@code type} and {@code at} too).
 *
 * @param sourceId the id of the row behind the entry, to order entries of one type at the same second
 */
public record TimelineEntry(Type type, Instant at, long sourceId, JsonObject json) {

  /** The kinds of entry; the order within one second is the declaration order. */
  public enum Type {
    /** A device event behind the alert (the cause and every repeat). */
    EVENT,
    /** A step of the alert's life (raise, acknowledge, ..., close). */
    TRANSITION,
    /** A rise of the alert's escalation level, or a reminder (package {@code escalation}). */
    ESCALATION,
    /**
     * A message about the alert in the notification outbox (family SMS or e-mail, a site's webhook),
     * added by the notifier's {@link TimelineSource}.
     */
    NOTIFICATION
  }

  /**
   * Time order, to the second (transitions are kept to the second, device events are not); within a
   * second events before transitions before notifications, then by row id.
   */
  public static final Comparator<TimelineEntry> ORDER = Comparator
      .comparing((TimelineEntry e) -> e.at().truncatedTo(ChronoUnit.SECONDS))
      .thenComparing(TimelineEntry::type)
      .thenComparingLong(TimelineEntry::sourceId);

  public TimelineEntry {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    json = new JsonObject().put("type", type.name()).put("at", at.toString()).mergeIn(json);
  }
}
