package cn.anxin.platform.alerts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** The API's JSON form of an alert and of its transitions; the one place they are written. */
public final class AlertJson {

  private AlertJson() {}

  /**
   * An alert as lists and the live stream show it, to every role that may see it: nothing about the
   * staff handling it (see {@link #detail}).
   */
  public static JsonObject of(AlertView a) {
    return new JsonObject()
        .put("id", a.id())
        .put("elder", new JsonObject().put("id", a.elderId()).put("name", a.elderName()).put("siteId", a.siteId()))
        .put("site", a.siteName())
        .put("rule", a.rule())
        .put("severity", a.severity())
        .put("status", a.status())
        .put("raisedAt", a.raisedAt().toString())
        .put("eventTime", a.eventTime().toString())
        .put("lastEventAt", a.lastEventAt().toString())
        .put("eventCount", a.eventCount())
        .put("deviceId", a.deviceId())
        .put("zone", a.zone())
        .put("causeEventId", a.causeEventId() == AlertRequest.NO_EVENT ? null : a.causeEventId())
        .put("acknowledgedAt", text(a.acknowledgedAt()))
        .put("closedAt", text(a.closedAt()))
        .put("disposition", a.disposition())
        .put("escalationLevel", a.escalationLevel())
        .put("escalatedAt", text(a.escalatedAt()));
  }

  public static JsonArray of(List<AlertView> alerts) {
    JsonArray array = new JsonArray();
    alerts.forEach(a -> array.add(of(a)));
    return array;
  }

  /**
   * One alert in full: as {@link #of(AlertView)}, plus the statuses it may move to next and, for
   * {@link Audience#CARE}, the staff member assigned and the closing note.
   */
  public static JsonObject detail(AlertView a, Audience audience) {
    AlertStatus status = a.lifeStatus();
    JsonObject json = of(a).put("nextStatuses", new JsonArray(Arrays.stream(AlertStatus.values())
        .filter(status::mayMoveTo).map(Enum::name).toList()));
    if (audience.seesStaff()) {
      json.put("assignee", a.assigneeId() == null ? null
          : new JsonObject().put("id", a.assigneeId()).put("displayName", a.assigneeName()));
      json.put("closingNote", a.closingNote());
    }
    return json;
  }

  /**
   * A transition. {@code by} is null for the system (the raise); family members see only the role
   * of the person who acted, no note and no assignee.
   */
  public static JsonObject transition(Transition t, Audience audience) {
    JsonObject json = new JsonObject()
        .put("transitionId", t.id())
        .put("from", t.from() == null ? null : t.from().name())
        .put("to", t.to().name())
        .put("at", t.at().toString())
        .put("disposition", t.disposition() == null ? null : t.disposition().name());
    if (t.accountId() == null) {
      json.put("by", null);
    } else if (audience.seesStaff()) {
      json.put("by", new JsonObject().put("id", t.accountId()).put("displayName", t.accountName())
          .put("role", t.accountRole()));
    } else {
      json.put("by", new JsonObject().put("role", t.accountRole()));
    }
    if (audience.seesStaff()) {
      json.put("note", t.note());
      json.put("assignee", t.assigneeId() == null ? null
          : new JsonObject().put("id", t.assigneeId()).put("displayName", t.assigneeName()));
    }
    return json;
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
