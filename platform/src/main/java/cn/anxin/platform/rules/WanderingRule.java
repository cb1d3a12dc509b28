package cn.anxin.platform.rules;

import cn.anxin.gateway.decode.EventBody;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.platform.care.SafeZone;
import cn.anxin.platform.care.SafeZones;
import cn.anxin.platform.rules.timers.TimerRequest;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

/**
 * Catalogue rule 20 (走失): a location fix of an elder's device outside every safe zone drawn for the
 * elder. "Outside" means the fix's whole accuracy circle lies outside every zone (a fix that may
 * still be inside is not held against the elder). Each fix outside raises {@code WANDERING} or adds
 * to the open alert: P1 at night (22:00-06:00, {@code nightSeverity}) and for elders with dementia
 * (the configuration's category override), P2 otherwise. A fix inside after one outside (the
 * device's previous fix by event time) is the return, recorded as a fired timer row (purpose
 * {@code returned:<event id>}) and in the log. Elders without a safe zone are not watched.
 */
final class WanderingRule implements Rule {

  static final String CODE = "WANDERING";

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public void onEvent(RuleEvent event, RuleContext context) throws SQLException {
    if (event.kind() != EventKind.LOCATION || !(event.body() instanceof EventBody.LocationReported fix)) {
      return;
    }
    List<SafeZone> zones = SafeZones.forElder(context.connection(), event.elderId());
    if (zones.isEmpty()) {
      return;
    }
    if (outside(zones, fix.lon(), fix.lat(), fix.accuracyM())) {
      String severity = NightHours.at(event.eventTime())
          ? higher(context.settings().severity(), context.settings().severity("nightSeverity"))
          : context.settings().severity();
      context.raise(CODE, severity, event.eventId(), event.deviceId(), event.eventTime(), Optional.empty());
      return;
    }
    if (previousWasOutside(context, event, zones)) {
      context.armFired(TimerRequest.forDevice(event.deviceId(), Optional.of(event.elderId()), CODE,
          "returned:" + event.eventId(), event.eventTime(), new JsonObject().put("eventId", event.eventId())),
          "returned inside a safe zone at " + event.eventTime());
      context.note(CODE + ": elder back inside a safe zone at " + event.eventTime());
    }
  }

  private static boolean outside(List<SafeZone> zones, double lon, double lat, double accuracyM) {
    return zones.stream().allMatch(z -> z.clearlyOutside(lon, lat, accuracyM));
  }

  /** The more urgent of two severities (P1 before P4). */
  private static String higher(String a, String b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static boolean previousWasOutside(RuleContext context, RuleEvent event, List<SafeZone> zones)
      throws SQLException {
    try (PreparedStatement s = context.connection().prepareStatement("SELECT (payload->>'lon')::float8,"
        + " (payload->>'lat')::float8, (payload->>'accuracyM')::float8 FROM device_event"
        + " WHERE device_id = ? AND kind = 'LOCATION' AND id <> ?"
        + " AND (event_time < ? OR (event_time = ? AND id < ?)) ORDER BY event_time DESC, id DESC LIMIT 1")) {
      s.setString(1, event.deviceId());
      s.setLong(2, event.eventId());
      s.setTimestamp(3, Timestamp.from(event.eventTime()));
      s.setTimestamp(4, Timestamp.from(event.eventTime()));
      s.setLong(5, event.eventId());
      try (ResultSet r = s.executeQuery()) {
        return r.next() && outside(zones, r.getDouble(1), r.getDouble(2), r.getDouble(3));
      }
    }
  }
}
