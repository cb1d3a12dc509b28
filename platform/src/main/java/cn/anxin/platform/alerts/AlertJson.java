package cn.anxin.platform.alerts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The API's JSON form of an alert; the one place it is written. */
public final class AlertJson {

  private AlertJson() {}

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
        .put("causeEventId", a.causeEventId());
  }

  public static JsonArray of(List<AlertView> alerts) {
    JsonArray array = new JsonArray();
    alerts.forEach(a -> array.add(of(a)));
    return array;
  }
}
