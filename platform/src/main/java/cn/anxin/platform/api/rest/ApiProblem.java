package cn.anxin.platform.api.rest;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A request the API refuses, thrown from an operation and written as an RFC 9457 problem: an HTTP
 * status, a stable code (also the message key, so the detail is localised), optional arguments and
 * field-level errors, and extension members of its own (RFC 9457 section 3.2), written after the
 * standard ones: {@code ApiProblem.conflict(...).with("currentStatus", "ACKNOWLEDGED")}.
 */
public final class ApiProblem extends RuntimeException {

  private final int status;
  private final String code;
  private final List<Object> args;
  private final List<FieldError> errors;
  private final Duration retryAfter;
  private final JsonObject members;

  /** The members every problem has; an extension member may not replace them. */
  private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail", "instance", "code", "errors");

  public ApiProblem(int status, String code, List<Object> args, List<FieldError> errors, Duration retryAfter) {
    this(status, code, args, errors, retryAfter, new JsonObject());
  }

  private ApiProblem(int status, String code, List<Object> args, List<FieldError> errors, Duration retryAfter,
      JsonObject members) {
    super(code, null, false, false);
    this.status = status;
    this.code = code;
    this.args = List.copyOf(args);
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
    this.members = members;
  }

  public static ApiProblem of(int status, String code, Object... args) {
    return new ApiProblem(status, code, List.of(args), List.of(), null);
  }

  /** 404: the same answer whether the thing does not exist or is outside the caller's scope. */
  public static ApiProblem notFound() {
    return of(404, "problem.not-found");
  }

  public static ApiProblem forbidden() {
    return of(403, "problem.forbidden");
  }

  public static ApiProblem conflict(String code, Object... args) {
    return of(409, code, args);
  }

  /** 400 with field-level errors. */
  public static ApiProblem invalid(List<FieldError> errors) {
    return new ApiProblem(400, "problem.invalid", List.of(), errors, null);
  }

  public static ApiProblem invalid(FieldError error) {
    return invalid(List.of(error));
  }

  public ApiProblem retryAfter(Duration wait) {
    return new ApiProblem(status, code, args, errors, wait, members);
  }

  /**
   * This problem with one more extension member (a JSON value: string, number, boolean,
   * {@link JsonObject}, array, or null, which is written as null).
   *
   * @throws IllegalArgumentException for a standard member's name
   */
  public ApiProblem with(String name, Object value) {
    return with(new JsonObject().put(name, value));
  }

  /** This problem with these extension members added, in their order. */
  public ApiProblem with(JsonObject more) {
    for (String name : more.fieldNames()) {
      if (STANDARD.contains(name)) {
        throw new IllegalArgumentException("a problem's standard member cannot be replaced: " + name);
      }
    }
    return new ApiProblem(status, code, args, errors, retryAfter, members.copy().mergeIn(more));
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<Object> args() {
    return args;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** The extension members, in the order they were added (a copy). */
  public JsonObject members() {
    return members.copy();
  }
}
