package cn.anxin.platform.caremap;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.access.Scope;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.privacy.AccessAudit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /api/alerts/{alertId}/responders}: who to send to an alert. Candidates are on-duty
 * staff and supervisors of the elder's responsible site with a known position who are not assigned
 * to another open alert; they are ranked in Java by great-circle distance from the elder's home
 * ({@link Haversine}), fresh positions before stale ones. The site itself is the fallback.
 */
final class AlertResponders {

  static final String AUDIT_ACTION = "DISPATCH";
  static final String DEFAULT_PURPOSE = "dispatch";

  private static final String ALERT =
      "SELECT a.id, a.elder_id, e.lon, e.lat, e.site_id, s.code, s.name, s.kind, s.phone,"
          + " s.lon AS site_lon, s.lat AS site_lat"
          + " FROM alert a JOIN elder e ON e.id = a.elder_id LEFT JOIN site s ON s.id = e.site_id"
          + " WHERE a.id = ? AND e.erased_at IS NULL AND ";

  private static final String CANDIDATES =
      "SELECT a.id, a.display_name, a.role, d.lon, d.lat, d.updated_at"
          + " FROM staff_duty d JOIN account a ON a.id = d.account_id"
          + " WHERE d.on_duty AND a.enabled AND a.role IN ('STAFF', 'SUPERVISOR')"
          + " AND d.lon IS NOT NULL AND d.lat IS NOT NULL"
          + " AND EXISTS (SELECT 1 FROM account_site x WHERE x.account_id = a.id AND x.site_id = ?)"
          + " AND NOT EXISTS (SELECT 1 FROM alert o WHERE o.assignee_id = a.id AND o.is_open AND o.id <> ?)";

  private final Clock clock;

  AlertResponders(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
  }

  ApiReply list(ApiRequest request, Connection c) throws SQLException {
    Principal p = request.principal();
    long alertId = request.pathLong("alertId");
    int limit = request.queryInt("limit", CareMapOptions.DEFAULT_RESPONDERS);
    try (PreparedStatement s = c.prepareStatement(ALERT + Scope.elders(p, "e"))) {
      s.setLong(1, alertId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw ApiProblem.notFound();
        }
        long elderId = r.getLong("elder_id");
        Double lon = (Double) r.getObject("lon");
        Double lat = (Double) r.getObject("lat");
        if (lon == null || lat == null) {
          throw ApiProblem.conflict("map.elder-unplaced");
        }
        Long siteId = (Long) r.getObject("site_id");
        JsonObject site = siteId == null ? null : site(r, siteId, lon, lat);
        List<Responder> responders = siteId == null ? List.of() : candidates(c, siteId, alertId, lon, lat);
        AccessAudit.record(c, request, AUDIT_ACTION, List.of(elderId), List.of("location"), DEFAULT_PURPOSE);
        JsonArray list = new JsonArray();
        responders.stream().sorted(Responder.DISPATCH_ORDER).limit(limit).forEach(x -> list.add(x.json()));
        return ApiReply.ok(new JsonObject()
            .put("alertId", alertId)
            .put("elderId", elderId)
            .put("origin", GeoJson.point(lon, lat))
            .put("estimate", new JsonObject()
                .put("speedKmh", TravelEstimate.URBAN_KMH)
                .put("basis", TravelEstimate.BASIS))
            .put("responders", list)
            .put("site", site));
      }
    }
  }

  private List<Responder> candidates(Connection c, long siteId, long alertId, double lon, double lat)
      throws SQLException {
    Instant staleBefore = clock.instant().minus(CareMapOptions.FRESH_POSITION);
    try (PreparedStatement s = c.prepareStatement(CANDIDATES)) {
      s.setLong(1, siteId);
      s.setLong(2, alertId);
      try (ResultSet r = s.executeQuery()) {
        List<Responder> all = new ArrayList<>();
        while (r.next()) {
          double staffLon = r.getDouble("lon");
          double staffLat = r.getDouble("lat");
          Instant updatedAt = r.getTimestamp("updated_at").toInstant();
          all.add(new Responder(r.getLong("id"), r.getString("display_name"), r.getString("role"),
              staffLon, staffLat, updatedAt, updatedAt.isBefore(staleBefore),
              Haversine.meters(lon, lat, staffLon, staffLat)));
        }
        return all;
      }
    }
  }

  private static JsonObject site(ResultSet r, long siteId, double lon, double lat) throws SQLException {
    Double siteLon = (Double) r.getObject("site_lon");
    Double siteLat = (Double) r.getObject("site_lat");
    boolean placed = siteLon != null && siteLat != null;
    Double meters = placed ? Haversine.meters(lon, lat, siteLon, siteLat) : null;
    return new JsonObject()
        .put("id", siteId)
        .put("code", r.getString("code"))
        .put("name", r.getString("name"))
        .put("kind", r.getString("kind"))
        .put("phone", r.getString("phone"))
        .put("location", placed ? GeoJson.point(siteLon, siteLat) : null)
        .put("distanceMeters", meters == null ? null : Math.round(meters))
        .put("estimatedTravelSeconds", meters == null ? null : TravelEstimate.seconds(meters));
  }
}
