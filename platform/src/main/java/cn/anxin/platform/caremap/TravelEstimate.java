package cn.anxin.platform.caremap;

/**
 * A travel time estimate for dispatch: the straight-line distance at an average urban speed. It is
 * no route (streets are longer than the great circle, and rural roads slower); it only orders and
 * sizes the choice between responders.
 */
public final class TravelEstimate {

  /** Average urban speed assumed, km/h (on foot, e-bike and car through town traffic together). */
  public static final int URBAN_KMH = 20;

  /** What the estimate is based on, as the API states it. */
  public static final String BASIS = "STRAIGHT_LINE";

  private TravelEstimate() {}

  /** Estimated seconds to cover this many metres at {@link #URBAN_KMH}, rounded to the second. */
  public static long seconds(double meters) {
    return Math.round(meters / (URBAN_KMH * 1000.0 / 3600.0));
  }
}
