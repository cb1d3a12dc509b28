package cn.anxin.platform.caremap;

import cn.anxin.platform.access.Principal;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.privacy.AccessAudit;
import com.fasterxml.jackson.core.JsonGenerator;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /api/map}: the layers asked for, as one GeoJSON FeatureCollection (sites first, then
 * elders, then staff, so that a client drawing in order puts people above places), streamed from the
 * rows to bytes. An answer with elders in it writes one access-audit row naming them all, in the
 * same transaction.
 */
final class CareMapRead {

  static final String AUDIT_ACTION = "MAP";
  static final List<String> AUDIT_FIELDS = List.of("name", "location", "status");
  static final String DEFAULT_PURPOSE = "care-map";

  private final Clock clock;

  CareMapRead(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
  }

  ApiReply read(ApiRequest request, Connection c) throws Exception {
    Principal p = request.principal();
    MapQuery q = MapQuery.of(request, p.role());
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, CareMapOptions.SERVICE_ZONE);
    GeoJsonWriter out = new GeoJsonWriter();
    Integer unplacedSites = null;
    ElderLayer.Result elders = null;
    if (q.wants(MapLayer.SITES)) {
      unplacedSites = SiteLayer.write(c, p, q, today, out);
    }
    if (q.wants(MapLayer.ELDERS)) {
      elders = ElderLayer.write(c, p, q, today, out);
      if (!elders.elderIds().isEmpty()) {
        AccessAudit.record(c, request, AUDIT_ACTION, elders.elderIds(), AUDIT_FIELDS, DEFAULT_PURPOSE);
      }
    }
    if (q.wants(MapLayer.STAFF)) {
      StaffLayer.write(c, p, q, now.minus(CareMapOptions.FRESH_POSITION), out);
    }
    out.endFeatures();
    JsonGenerator json = out.json();
    json.writeArrayFieldStart("layers");
    for (String layer : q.layerNames()) {
      json.writeString(layer);
    }
    json.writeEndArray();
    if (elders != null) {
      json.writeNumberField("unplaced", elders.unplaced());
    }
    if (unplacedSites != null) {
      json.writeNumberField("unplacedSites", unplacedSites);
    }
    json.writeStringField("generatedAt", now.toString());
    return ApiReply.bytes(200, out.finish(), GeoJson.MEDIA_TYPE);
  }
}
