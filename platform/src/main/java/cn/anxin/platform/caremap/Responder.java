package cn.anxin.platform.caremap;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Comparator;

/** A staff member who could be sent to an alert, and how far away they are. */
record Responder(long accountId, String displayName, String role, double lon, double lat, Instant updatedAt,
    boolean stale, double distanceMeters) {

  /** Fresh positions first, then the nearest; the account id settles ties so the order is stable. */
  static final Comparator<Responder> DISPATCH_ORDER = Comparator.comparing(Responder::stale)
      .thenComparingDouble(Responder::distanceMeters)
      .thenComparingLong(Responder::accountId);

  JsonObject json() {
    return new JsonObject()
        .put("accountId", accountId)
        .put("displayName", displayName)
        .put("role", role)
        .put("location", GeoJson.point(lon, lat))
        .put("updatedAt", updatedAt.toString())
        .put("stale", stale)
        .put("distanceMeters", Math.round(distanceMeters))
        .put("estimatedTravelSeconds", TravelEstimate.seconds(distanceMeters));
  }
}
