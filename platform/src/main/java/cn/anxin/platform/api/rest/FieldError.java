package cn.anxin.platform.api.rest;

import java.util.List;

/**
 * One field's error in a request: a JSON Pointer into the request ({@code /body/name},
 * {@code /query/limit}), a message key from the API's message bundles, and its arguments.
 */
public record FieldError(String field, String code, List<Object> args) {

  public FieldError {
    args = List.copyOf(args);
  }

  public static FieldError of(String field, String code, Object... args) {
    return new FieldError(field, code, List.of(args));
  }
}
