package cn.anxin.platform.registry.importing;

import java.math.BigDecimal;

/**
 * A geo point held in two columns, longitude and latitude (WGS-84 degrees): both or neither, each in
 * range; an incomplete pair is a problem on the column that was filled in.
 */
public final class PointCells {

  /** A point read from two cells. */
  public record Point(double lon, double lat) {}

  private PointCells() {}

  /** The point, or null when both cells are blank or a problem was recorded. */
  public static Point read(ImportRow row, RowProblems problems, String lonKey, String latKey) {
    BigDecimal lon = row.decimal(lonKey, BigDecimal.valueOf(-180), BigDecimal.valueOf(180));
    BigDecimal lat = row.decimal(latKey, BigDecimal.valueOf(-90), BigDecimal.valueOf(90));
    if ((lon == null) != (lat == null)) {
      problems.error(lon != null ? lonKey : latKey, "import.point-incomplete");
      return null;
    }
    return lon == null ? null : new Point(lon.doubleValue(), lat.doubleValue());
  }
}
