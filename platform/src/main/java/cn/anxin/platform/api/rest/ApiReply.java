package cn.anxin.platform.api.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an operation answers: a status, a body (a Vert.x JsonObject or JsonArray, written as JSON;
 * a byte[] or String, written with the content type given), and headers.
 */
public record ApiReply(int status, Object body, String contentType, Map<String, String> headers) {

  public ApiReply {
    headers = Map.copyOf(headers);
  }

  public static ApiReply ok(Object json) {
    return new ApiReply(200, json, null, Map.of());
  }

  public static ApiReply created(Object json, String location) {
    return new ApiReply(201, json, null, Map.of("Location", location));
  }

  public static ApiReply noContent() {
    return new ApiReply(204, null, null, Map.of());
  }

  public static ApiReply bytes(int status, byte[] body, String contentType) {
    return new ApiReply(status, body, contentType, Map.of());
  }

  /** A refusal that still commits the transaction (a failed sign-in is recorded, then refused). */
  public static ApiReply problem(ApiProblem problem) {
    return new ApiReply(problem.status(), problem, null, Map.of());
  }

  public ApiReply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiReply(status, body, contentType, more);
  }
}
