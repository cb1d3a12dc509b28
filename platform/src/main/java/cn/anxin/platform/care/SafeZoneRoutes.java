package cn.anxin.platform.care;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The elders' safe zones ({@code /api/elders/{elderId}/safe-zones}) for the wandering rule. */
final class SafeZoneRoutes {

  static final String AUDIT_ACTION = "SAFE_ZONES";
  static final List<String> AUDIT_FIELDS = List.of("safeZones");
  static final String DEFAULT_PURPOSE = "care-map";

  private final Clock clock;

  SafeZoneRoutes(Clock clock) {
    this.clock = clock;
  }

  ApiReply get(ApiRequest request, Connection c) throws SQLException {
    CareElders.Elder elder = CareElders.visible(c, request.principal(), request.pathLong("elderId"))
        .orElseThrow(ApiProblem::notFound);
    AccessAudit.record(c, request, AUDIT_ACTION, List.of(elder.id()), AUDIT_FIELDS, DEFAULT_PURPOSE);
    return ApiReply.ok(answer(c, elder.id()));
  }

  ApiReply put(ApiRequest request, Connection c) throws SQLException {
    Principal p = request.principal();
    CareElders.Elder elder = CareElders.visible(c, p, request.pathLong("elderId")).orElseThrow(ApiProblem::notFound);
    JsonArray zones = request.body().getJsonArray("zones");
    List<FieldError> errors = new ArrayList<>();
    List<SafeZones.Draft> drafts = new ArrayList<>();
    for (int i = 0; i < zones.size(); i++) {
      drafts.add(draft(c, elder, zones.getJsonObject(i), "/body/zones/" + i, errors));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    SafeZones.replace(c, elder.id(), drafts, p.accountId(), clock.instant());
    // The answer holds the zones' centres, a home's among them: a read of where the elder lives.
    AccessAudit.record(c, request, AUDIT_ACTION, List.of(elder.id()), AUDIT_FIELDS, DEFAULT_PURPOSE);
    return ApiReply.ok(answer(c, elder.id()));
  }

  private static JsonObject answer(Connection c, long elderId) throws SQLException {
    return new JsonObject().put("elderId", elderId).put("zones", SafeZones.json(c, elderId));
  }

  private static SafeZones.Draft draft(Connection c, CareElders.Elder elder, JsonObject zone, String at,
      List<FieldError> errors) throws SQLException {
    String name = zone.getString("name");
    if ("POLYGON".equals(zone.getString("shape"))) {
      for (String circleOnly : List.of("anchor", "center", "radiusM")) {
        if (zone.containsKey(circleOnly)) {
          errors.add(FieldError.of(at + "/" + circleOnly, "care.zone-circle-only"));
        }
      }
      JsonObject polygon = zone.getJsonObject("polygon");
      if (polygon == null) {
        errors.add(FieldError.of(at + "/polygon", "care.zone-polygon-required"));
        return null;
      }
      JsonArray ring = polygon.getJsonArray("coordinates").getJsonArray(0);
      for (int i = 0; i < ring.size(); i++) {
        if (Math.abs(ring.getJsonArray(i).getDouble(1)) > 90) {
          errors.add(FieldError.of(at + "/polygon/coordinates/0/" + i, "care.zone-latitude"));
        }
      }
      if (!ring.getJsonArray(0).equals(ring.getJsonArray(ring.size() - 1))) {
        errors.add(FieldError.of(at + "/polygon/coordinates/0", "care.zone-ring-open"));
      }
      return new SafeZones.Draft(name, "POLYGON", null, null, null, null, polygon);
    }
    if (zone.containsKey("polygon")) {
      errors.add(FieldError.of(at + "/polygon", "care.zone-polygon-only"));
    }
    String anchor = zone.getString("anchor");
    Integer radius = zone.getInteger("radiusM");
    if (anchor == null) {
      errors.add(FieldError.of(at + "/anchor", "care.zone-anchor-required"));
    }
    if (radius == null) {
      errors.add(FieldError.of(at + "/radiusM", "care.zone-radius-required"));
    }
    JsonObject center = zone.getJsonObject("center");
    if (center != null && !"POINT".equals(anchor)) {
      errors.add(FieldError.of(at + "/center", "care.zone-center-point-only"));
    }
    double[] point = null;
    if ("POINT".equals(anchor)) {
      if (center == null) {
        errors.add(FieldError.of(at + "/center", "care.zone-center-required"));
      } else {
        point = new double[] {center.getDouble("lon"), center.getDouble("lat")};
      }
    } else if (anchor != null) {
      point = anchorPoint(c, elder, anchor);
      if (point == null) {
        errors.add(FieldError.of(at + "/anchor", anchor.equals("HOME") ? "care.zone-no-home" : "care.zone-no-site"));
      }
    }
    return point == null ? null
        : new SafeZones.Draft(name, "CIRCLE", anchor, point[0], point[1], radius, null);
  }

  /** The elder's own geo point (HOME) or the responsible site's (SITE); null when not recorded. */
  private static double[] anchorPoint(Connection c, CareElders.Elder elder, String anchor) throws SQLException {
    String sql = anchor.equals("HOME") ? "SELECT lon, lat FROM elder WHERE id = ?"
        : "SELECT s.lon, s.lat FROM elder e JOIN site s ON s.id = e.site_id WHERE e.id = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, elder.id());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        Double lon = r.getObject(1, Double.class);
        Double lat = r.getObject(2, Double.class);
        return lon == null || lat == null ? null : new double[] {lon, lat};
      }
    }
  }
}
