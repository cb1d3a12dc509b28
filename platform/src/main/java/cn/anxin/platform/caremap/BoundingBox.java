package cn.anxin.platform.caremap;

import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.FieldError;
import io.vertx.core.json.JsonArray;

/**
 * A query's bounding box as RFC 7946 section 5 gives it: west, south, east, north in degrees. West
 * greater than east is a box across the antimeridian.
 */
record BoundingBox(double minLon, double minLat, double maxLon, double maxLat) {

  static final String FIELD = "/query/bbox";

  /** The box from the validated query parameter (four numbers within +-180); 400 when it makes no sense. */
  static BoundingBox of(JsonArray values) {
    BoundingBox box = new BoundingBox(values.getDouble(0), values.getDouble(1), values.getDouble(2),
        values.getDouble(3));
    if (Math.abs(box.minLat) > 90 || Math.abs(box.maxLat) > 90 || box.minLat > box.maxLat) {
      throw ApiProblem.invalid(FieldError.of(FIELD, "map.bbox-invalid"));
    }
    return box;
  }

  /** Adds the condition "this point lies in the box" on two columns to a filter. */
  void restrict(SqlFilter filter, String lonColumn, String latColumn) {
    filter.add(condition(lonColumn, latColumn), params());
  }

  /** The condition, with four parameters: see {@link #params()}. */
  String condition(String lonColumn, String latColumn) {
    String lon = minLon <= maxLon
        ? lonColumn + " BETWEEN ? AND ?"
        : "(" + lonColumn + " >= ? OR " + lonColumn + " <= ?)";
    return "(" + lon + " AND " + latColumn + " BETWEEN ? AND ?)";
  }

  Object[] params() {
    return new Object[] {minLon, maxLon, minLat, maxLat};
  }
}
