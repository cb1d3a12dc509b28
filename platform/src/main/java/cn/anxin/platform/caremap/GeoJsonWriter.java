package cn.anxin.platform.caremap;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a GeoJSON FeatureCollection straight to UTF-8 bytes as rows are read, with no JSON tree in
 * between: a prefecture's map holds tens of thousands of features. Every feature is a Point with
 * coordinates [longitude, latitude] (RFC 7946 section 3.1.1).
 *
 * <p>Use: {@link #pointFeature} then the feature's properties on {@link #json()}, then
 * {@link #endFeature}; members of the collection besides its features go through {@link #json()}
 * after {@link #endFeatures}; {@link #finish} gives the document.
 */
final class GeoJsonWriter {

  private static final JsonFactory JSON = new JsonFactory();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
  private final JsonGenerator json;

  GeoJsonWriter() {
    try {
      json = JSON.createGenerator(out, JsonEncoding.UTF8);
      json.writeStartObject();
      json.writeStringField("type", "FeatureCollection");
      json.writeArrayFieldStart("features");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The generator, positioned where the caller writes properties or collection members. */
  JsonGenerator json() {
    return json;
  }

  /** Opens a Point feature and its properties object. */
  void pointFeature(String id, double lon, double lat) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", "Feature");
    json.writeStringField("id", id);
    json.writeObjectFieldStart("geometry");
    json.writeStringField("type", "Point");
    json.writeArrayFieldStart("coordinates");
    json.writeNumber(lon);
    json.writeNumber(lat);
    json.writeEndArray();
    json.writeEndObject();
    json.writeObjectFieldStart("properties");
  }

  /** Closes the properties and the feature opened by {@link #pointFeature}. */
  void endFeature() throws IOException {
    json.writeEndObject();
    json.writeEndObject();
  }

  /** Closes the features array; the collection's other members follow. */
  void endFeatures() throws IOException {
    json.writeEndArray();
  }

  /** Closes the collection and gives the document. */
  byte[] finish() throws IOException {
    json.writeEndObject();
    json.close();
    return out.toByteArray();
  }

  /** Writes a nullable number field. */
  static void numberOrNull(JsonGenerator json, String name, Long value) throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, value);
    }
  }
}
