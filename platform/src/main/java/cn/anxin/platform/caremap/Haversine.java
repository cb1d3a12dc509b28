package cn.anxin.platform.caremap;

/**
 * Great-circle distance on a spherical Earth by the haversine formula: good to about 0.5 % against
 * the ellipsoid, far better than a street route is to a straight line, and what dispatch needs to
 * rank responders. Coordinates are WGS 84 degrees, longitude first as in GeoJSON.
 */
public final class Haversine {

  /** The Earth's mean radius (IUGG), in metres. */
  public static final double EARTH_RADIUS_METERS = 6_371_008.8;

  private Haversine() {}

  /** The great-circle distance in metres between two points given as lon, lat in degrees. */
  public static double meters(double lon1, double lat1, double lon2, double lat2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double dPhi = phi2 - phi1;
    double dLambda = Math.toRadians(lon2 - lon1);
    double h = hav(dPhi) + Math.cos(phi1) * Math.cos(phi2) * hav(dLambda);
    // Rounding can push h a hair past 1 for antipodal points; asin would then give NaN.
    return 2 * EARTH_RADIUS_METERS * Math.asin(Math.sqrt(Math.min(1.0, h)));
  }

  private static double hav(double theta) {
    double s = Math.sin(theta / 2);
    return s * s;
  }
}
