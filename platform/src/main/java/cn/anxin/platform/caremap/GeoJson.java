package cn.anxin.platform.caremap;

import io.vertx.core.json.JsonObject;

/** GeoJSON (RFC 7946) constants, and points as the API's plain JSON gives them. */
final class GeoJson {

  /** The media type of a GeoJSON answer. */
  static final String MEDIA_TYPE = "application/geo+json";

  private GeoJson() {}

  /** A point as the API's GeoPoint ({@code {lon, lat}}), for plain JSON answers. */
  static JsonObject point(double lon, double lat) {
    return new JsonObject().put("lon", lon).put("lat", lat);
  }
}
