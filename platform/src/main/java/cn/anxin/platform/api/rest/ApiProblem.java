package cn.anxin.platform.api.rest;

import java.time.Duration;
import java.util.List;

/**
 * A request the API refuses, thrown from an operation and written as an RFC 9457 problem: an HTTP
 * status, a stable code (also the message key, so the detail is localised), optional arguments and
 * field-level errors.
 */
public final class ApiProblem extends RuntimeException {

  private final int status;
  private final String code;
  private final List<Object> args;
  private final List<FieldError> errors;
  private final Duration retryAfter;

  public ApiProblem(int status, String code, List<Object> args, List<FieldError> errors, Duration retryAfter) {
    super(code, null, false, false);
    this.status = status;
    this.code = code;
    this.args = List.copyOf(args);
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
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
    return new ApiProblem(status, code, args, errors, wait);
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
}
