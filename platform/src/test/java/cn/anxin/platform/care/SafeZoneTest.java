package cn.anxin.platform.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether a fix is outside a zone, its accuracy circle included. */
class SafeZoneTest {

  private static final double LON = 101.546;
  private static final double LAT = 25.045;
  /** About 111 m of latitude. */
  private static final double D = 0.001;

  private final SafeZone circle = new SafeZone(1, "home", SafeZone.Shape.CIRCLE, LON, LAT, 300, List.of());
  private final SafeZone square = new SafeZone(2, "block", SafeZone.Shape.POLYGON, 0, 0, 0, List.of(
      new double[] {LON - 2 * D, LAT - 2 * D}, new double[] {LON + 2 * D, LAT - 2 * D},
      new double[] {LON + 2 * D, LAT + 2 * D}, new double[] {LON - 2 * D, LAT + 2 * D},
      new double[] {LON - 2 * D, LAT - 2 * D}));

  @Test
  void givenACircle_whenTheFixIsFarEnough_thenOutside_butNotWhenItsAccuracyReachesTheZone() {
    assertThat(circle.clearlyOutside(LON, LAT + 2 * D, 10)).as("222 m from the centre").isFalse();
    assertThat(circle.clearlyOutside(LON, LAT + 5 * D, 10)).as("555 m").isTrue();
    assertThat(circle.clearlyOutside(LON, LAT + 5 * D, 300)).as("555 m, good to 300 m").isFalse();
  }

  @Test
  void givenAPolygon_whenTheFixIsInsideNearOrFar_thenOnlyTheFarOneIsOutside() {
    assertThat(square.clearlyOutside(LON + D, LAT + D, 5)).isFalse();
    assertThat(square.distanceOutside(LON + D, LAT + D)).isNegative();
    assertThat(square.clearlyOutside(LON, LAT + 3 * D, 50)).as("111 m beyond the edge, good to 50 m").isTrue();
    assertThat(square.clearlyOutside(LON, LAT + 3 * D, 150)).as("good to 150 m only").isFalse();
    assertThat(square.distanceOutside(LON, LAT + 3 * D)).isBetween(105.0, 117.0);
  }
}
