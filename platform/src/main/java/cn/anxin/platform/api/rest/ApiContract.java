package cn.anxin.platform.api.rest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API's OpenAPI 3.1 contract: {@code openapi/anxin.yaml} (info, security, shared components)
 * merged with one fragment per area of the API ({@code openapi/<area>.yaml}, each with its own
 * {@code paths} and {@code components}). The merged document is what the platform serves at
 * {@code /api/openapi.json} and what validates every request.
 */
public final class ApiContract {

  /** The areas of the API, each a fragment; a path or component may be defined in one only. */
  public static final List<String> FRAGMENTS = List.of(
      "session", "alerts", "commands", "rejections",
      "elders", "registry", "accounts", "privacy", "imports", "map", "rules", "notifications", "backtest",
      "escalation", "meals", "care", "readings", "family", "indicators");

  private ApiContract() {}

  /** The merged contract document. */
  public static JsonObject document() {
    JsonObject root = load("openapi/anxin.yaml");
    JsonObject paths = root.getJsonObject("paths", new JsonObject());
    JsonObject components = root.getJsonObject("components", new JsonObject());
    for (String fragment : FRAGMENTS) {
      JsonObject part = load("openapi/" + fragment + ".yaml");
      if (part == null) {
        continue;
      }
      mergeInto(paths, part.getJsonObject("paths", new JsonObject()), "path", fragment);
      JsonObject partComponents = part.getJsonObject("components", new JsonObject());
      for (String kind : partComponents.fieldNames()) {
        JsonObject target = components.getJsonObject(kind);
        if (target == null) {
          target = new JsonObject();
          components.put(kind, target);
        }
        mergeInto(target, partComponents.getJsonObject(kind), kind, fragment);
      }
    }
    return root.put("paths", paths).put("components", components);
  }

  /**
   * The contract, resolved, for the router builder. Responses are documented, not validated, so their
   * content is left out here: the validator knows no application/problem+json or text/event-stream.
   * Operations keep an empty {@code security} (public); {@code x-roles} decide the rest.
   */
  public static Future<OpenAPIContract> resolve(Vertx vertx, JsonObject document) {
    JsonObject forRequests = document.copy();
    // Authentication runs before validation (see Authentication), not in the router's security chain.
    forRequests.remove("security");
    forRequests.getJsonObject("components").getJsonObject("responses", new JsonObject())
        .forEach(e -> ((JsonObject) e.getValue()).remove("content"));
    forRequests.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      if (op.getValue() instanceof JsonObject operation && operation.containsKey("responses")) {
        operation.getJsonObject("responses").forEach(r -> ((JsonObject) r.getValue()).remove("content"));
        if (!operation.getJsonArray("security", new io.vertx.core.json.JsonArray()).isEmpty()) {
          operation.remove("security");
        }
      }
    }));
    return OpenAPIContract.from(vertx, forRequests);
  }

  private static void mergeInto(JsonObject target, JsonObject part, String what, String fragment) {
    for (Map.Entry<String, Object> e : part) {
      if (target.containsKey(e.getKey())) {
        throw new IllegalStateException("OpenAPI " + what + " " + e.getKey() + " in fragment " + fragment
            + " is already defined");
      }
      target.put(e.getKey(), e.getValue());
    }
  }

  /** YAML to JSON values: keys become strings (response codes are numbers in YAML), dates ISO text. */
  private static Object toJson(Object yaml) {
    if (yaml instanceof Map<?, ?> map) {
      JsonObject json = new JsonObject();
      map.forEach((k, v) -> json.put(String.valueOf(k), toJson(v)));
      return json;
    }
    if (yaml instanceof List<?> list) {
      io.vertx.core.json.JsonArray json = new io.vertx.core.json.JsonArray();
      list.forEach(v -> json.add(toJson(v)));
      return json;
    }
    if (yaml instanceof java.util.Date date) {
      return date.toInstant().toString().substring(0, 10);
    }
    return yaml;
  }

  private static JsonObject load(String resource) {
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return (JsonObject) toJson(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
