package cn.anxin.platform.care;

import cn.anxin.platform.caremap.Haversine;
import java.util.List;
import java.util.Objects;

/**
 * One safe zone of an elder (rule 20, WANDERING): a circle of {@code radiusM} metres around a centre,
 * or a polygon (outer ring, WGS 84, [lon, lat] positions, closed). A location fix is
 * {@linkplain #clearlyOutside outside} only when its whole accuracy circle lies outside the zone: a
 * fix whose accuracy circle still overlaps the zone may be inside, and is not counted as outside.
 *
 * @param ring the polygon's outer ring as [lon, lat] pairs; empty for a circle
 */
public record SafeZone(long id, String name, Shape shape, double lon, double lat, int radiusM,
    List<double[]> ring) {

  /** The two shapes a zone can have. */
  public enum Shape { CIRCLE, POLYGON }

  public SafeZone {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape");
    ring = List.copyOf(ring);
  }

  /** Whether a fix at (lon, lat) with an accuracy radius in metres is certainly outside the zone. */
  public boolean clearlyOutside(double fixLon, double fixLat, double accuracyM) {
    return distanceOutside(fixLon, fixLat) > Math.max(0, accuracyM);
  }

  /**
   * How far the point is outside the zone, in metres; 0 or less when inside (for a circle, minus
   * the distance to the edge).
   */
  public double distanceOutside(double fixLon, double fixLat) {
    if (shape == Shape.CIRCLE) {
      return Haversine.meters(fixLon, fixLat, lon, lat) - radiusM;
    }
    // A local plane around the fix (equirectangular): zones are a few kilometres at most, where
    // the error is far below a fix's accuracy.
    double metresPerDegreeLat = Math.toRadians(1) * Haversine.EARTH_RADIUS_METERS;
    double metresPerDegreeLon = metresPerDegreeLat * Math.cos(Math.toRadians(fixLat));
    int n = ring.size();
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = (ring.get(i)[0] - fixLon) * metresPerDegreeLon;
      ys[i] = (ring.get(i)[1] - fixLat) * metresPerDegreeLat;
    }
    boolean inside = false;
    double nearest = Double.MAX_VALUE;
    for (int i = 0, j = n - 1; i < n; j = i++) {
      if ((ys[i] > 0) != (ys[j] > 0) && 0 < (xs[j] - xs[i]) * (0 - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
        inside = !inside;
      }
      nearest = Math.min(nearest, toSegment(xs[j], ys[j], xs[i], ys[i]));
    }
    return inside ? -nearest : nearest;
  }

  /** Distance from the origin to the segment (ax, ay)-(bx, by). */
  private static double toSegment(double ax, double ay, double bx, double by) {
    double dx = bx - ax;
    double dy = by - ay;
    double lengthSquared = dx * dx + dy * dy;
    double t = lengthSquared == 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
    double px = ax + t * dx;
    double py = ay + t * dy;
    return Math.sqrt(px * px + py * py);
  }
}
