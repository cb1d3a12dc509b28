package cn.anxin.platform.caremap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The haversine distance against values computed another way: the central angle from the cross and
 * dot products of unit vectors (atan2, no haversine), figures worked out separately, and the WGS 84
 * ellipsoid.
 */
class HaversineTest {

  // Two points in Chuxiong city (楚雄市), about a kilometre apart: lon, lat.
  private static final double[] LUCHENG = {101.5461, 25.0329};
  private static final double[] NORTH_EAST = {101.5540, 25.0390};

  @Test
  void givenTwoChuxiongPointsAboutOneKilometreApart_whenMeasured_thenTheDistanceMatchesTheVectorFormula() {
    double meters = Haversine.meters(LUCHENG[0], LUCHENG[1], NORTH_EAST[0], NORTH_EAST[1]);

    assertThat(meters).isCloseTo(vectorMeters(LUCHENG, NORTH_EAST), within(0.001));
    // Worked out separately with the spherical law of cosines on the same radius.
    assertThat(meters).isCloseTo(1045.73, within(0.01));
    // The WGS 84 geodesic (Vincenty's inverse formula) gives 1045.10 m: a sphere is within 0.5 %.
    assertThat(meters).isCloseTo(1045.10, within(1045.10 * 0.005));
  }

  @Test
  void givenKunmingAndChuxiong_whenMeasured_thenAbout131KilometresAsTheCrowFlies() {
    double[] kunming = {102.8329, 24.8801};

    double meters = Haversine.meters(kunming[0], kunming[1], LUCHENG[0], LUCHENG[1]);

    assertThat(meters).isCloseTo(vectorMeters(kunming, LUCHENG), within(0.001));
    // WGS 84 geodesic: 131,045 m.
    assertThat(meters).isCloseTo(131_045.4, within(131_045.4 * 0.005));
  }

  @Test
  void givenOneDegreeOfLatitude_whenMeasured_thenItIsThe111195MetresOfTheMeanSphere() {
    assertThat(Haversine.meters(101.5, 25.0, 101.5, 26.0)).isCloseTo(111_195.08, within(0.01));
  }

  @Test
  void givenTheSamePointOrAntipodes_whenMeasured_thenZeroAndHalfTheCircumferenceWithoutNaN() {
    assertThat(Haversine.meters(101.5461, 25.0329, 101.5461, 25.0329)).isZero();
    assertThat(Haversine.meters(101.5461, 25.0329, -78.4539, -25.0329))
        .isCloseTo(Math.PI * Haversine.EARTH_RADIUS_METERS, within(0.01));
  }

  @Test
  void givenSwappedEnds_whenMeasured_thenTheDistanceIsTheSame() {
    assertThat(Haversine.meters(NORTH_EAST[0], NORTH_EAST[1], LUCHENG[0], LUCHENG[1]))
        .isEqualTo(Haversine.meters(LUCHENG[0], LUCHENG[1], NORTH_EAST[0], NORTH_EAST[1]));
  }

  @Test
  void givenOneKilometre_whenTravelIsEstimatedAtTwentyKmPerHour_thenThreeMinutes() {
    assertThat(TravelEstimate.seconds(1000)).isEqualTo(180);
    assertThat(TravelEstimate.seconds(0)).isZero();
  }

  /** Central angle from unit vectors: atan2(|a x b|, a . b), times the same mean radius. */
  private static double vectorMeters(double[] a, double[] b) {
    double[] u = unit(a);
    double[] v = unit(b);
    double cx = u[1] * v[2] - u[2] * v[1];
    double cy = u[2] * v[0] - u[0] * v[2];
    double cz = u[0] * v[1] - u[1] * v[0];
    double dot = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    return Haversine.EARTH_RADIUS_METERS * Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), dot);
  }

  private static double[] unit(double[] lonLat) {
    double lon = Math.toRadians(lonLat[0]);
    double lat = Math.toRadians(lonLat[1]);
    return new double[] {Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)};
  }
}
