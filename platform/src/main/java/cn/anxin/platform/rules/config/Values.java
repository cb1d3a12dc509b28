package cn.anxin.platform.rules.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parameter values between JSON and plain Java: numbers, strings, booleans and lists of strings. */
final class Values {

  private Values() {}

  static JsonObject toJson(Map<String, Object> values) {
    JsonObject json = new JsonObject();
    values.forEach((name, value) -> json.put(name, value instanceof List<?> list ? new JsonArray(new ArrayList<>(list)) : value));
    return json;
  }

  /** A JSON value as the kinds check it: JsonArray becomes a List. */
  static Object plain(Object value) {
    return value instanceof JsonArray array ? array.getList() : value;
  }

  static Map<String, Object> plain(JsonObject json) {
    Map<String, Object> values = new LinkedHashMap<>();
    json.forEach(e -> values.put(e.getKey(), plain(e.getValue())));
    return values;
  }

  static List<Object> list(JsonArray array) {
    return new ArrayList<>(array.getList());
  }
}
