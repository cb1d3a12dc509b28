package cn.anxin.platform.api.rest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes RFC 9457 problem details for the API, localised: {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance}, a stable {@code code}, and for invalid requests
 * {@code errors}: one entry per field with a JSON Pointer, a code and a message.
 */
public final class ProblemWriter {

  private static final Pattern PARAMETER = Pattern.compile("parameter ([A-Za-z0-9_.-]+?)\\.?(?:\\s|$)");

  private ProblemWriter() {}

  public static void write(RoutingContext ctx, Locale locale, ApiProblem problem) {
    if (ctx.response().headWritten()) {
      ctx.request().connection().close();
      return;
    }
    JsonObject body = new JsonObject()
        .put("type", "urn:anxin:problem:" + problem.code())
        .put("title", Messages.text(locale, "status." + problem.status()))
        .put("status", problem.status())
        .put("detail", Messages.text(locale, problem.code(), problem.args()))
        .put("instance", ctx.request().path())
        .put("code", problem.code());
    if (!problem.errors().isEmpty()) {
      JsonArray errors = new JsonArray();
      for (FieldError e : problem.errors()) {
        errors.add(new JsonObject().put("field", e.field()).put("code", e.code())
            .put("message", Messages.text(locale, e.code(), e.args())));
      }
      body.put("errors", errors);
    }
    body.mergeIn(problem.members());
    if (!ctx.request().isEnded()) {
      // Refused before its body was read (not signed in, not allowed, too large): the body is
      // discarded as it arrives, so the client can finish sending and read this answer.
      ctx.request().resume();
      ctx.response().putHeader("Connection", "close");
    }
    if (problem.retryAfter() != null) {
      ctx.response().putHeader("Retry-After", String.valueOf(Math.max(1, problem.retryAfter().toSeconds())));
    }
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", "application/problem+json; charset=utf-8")
        .putHeader("Content-Language", Messages.isEnglish(locale) ? "en" : "zh-CN")
        .end(body.encode());
  }

  /** A request the contract refused, as field errors. */
  public static ApiProblem fromValidation(ValidatorException e) {
    List<FieldError> errors = new ArrayList<>();
    if (e instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      String where = e.getMessage() != null && e.getMessage().contains("body") ? "/body" : parameterOf(e);
      collect(schema.getOutputUnit(), where, errors);
    }
    if (errors.isEmpty()) {
      String code = switch (e.type()) {
        case MISSING_REQUIRED_PARAMETER -> "field.required";
        case UNSUPPORTED_VALUE_FORMAT -> "field.unsupported-format";
        default -> "field.invalid";
      };
      errors.add(FieldError.of(parameterOf(e), code));
    }
    return ApiProblem.invalid(errors);
  }

  /**
   * The leaf errors of a validation, one per field: a summary ("properties") is skipped, and an
   * additionalProperties complaint about a property that has a more precise error of its own (the
   * validator reports both) is dropped, so only truly unknown properties are called unknown.
   */
  private static void collect(OutputUnit unit, String where, List<FieldError> errors) {
    List<OutputUnit> leaves = new ArrayList<>();
    leaves(unit, leaves);
    java.util.Set<String> precise = new java.util.HashSet<>();
    for (OutputUnit leaf : leaves) {
      String keyword = keyword(leaf.getKeywordLocation());
      if (!keyword.equals("additionalProperties") && !keyword.equals("unevaluatedProperties")
          && !keyword.equals("properties")) {
        precise.add(location(leaf));
      }
    }
    for (OutputUnit leaf : leaves) {
      String keyword = keyword(leaf.getKeywordLocation());
      String location = location(leaf);
      String field = where + location;
      String message = leaf.getError();
      FieldError error = switch (keyword) {
        case "properties" -> null;
        case "required" -> FieldError.of(field + "/" + quoted(message), "field.required");
        case "additionalProperties", "unevaluatedProperties" ->
            precise.contains(location) ? null : FieldError.of(field, "field.unknown");
        case "type" -> FieldError.of(field, "field.type", typeOf(message));
        case "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "minItems", "maxItems" -> FieldError.of(field, "field.range");
        case "pattern", "format" -> FieldError.of(field, "field.format");
        case "enum", "const" -> FieldError.of(field, "field.enum");
        default -> FieldError.of(field, "field.invalid");
      };
      if (error != null
          && errors.stream().noneMatch(x -> x.field().equals(error.field()) && x.code().equals(error.code()))) {
        errors.add(error);
      }
    }
  }

  private static void leaves(OutputUnit unit, List<OutputUnit> into) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      unit.getErrors().forEach(child -> leaves(child, into));
    } else if (unit.getError() != null) {
      into.add(unit);
    }
  }

  private static String location(OutputUnit unit) {
    return unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation().replaceFirst("^#", "");
  }

  private static String keyword(String keywordLocation) {
    if (keywordLocation == null) {
      return "";
    }
    int slash = keywordLocation.lastIndexOf('/');
    return slash < 0 ? keywordLocation : keywordLocation.substring(slash + 1);
  }

  /** The property a required / additionalProperties error names, e.g. "name" in "... 'name' ...". */
  private static String quoted(String message) {
    Matcher m = Pattern.compile("['\"]([^'\"]+)['\"]").matcher(message);
    String last = "";
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  private static String typeOf(String message) {
    Matcher m = Pattern.compile("(string|integer|number|boolean|object|array)").matcher(message);
    return m.find() ? m.group(1) : "?";
  }

  private static String parameterOf(ValidatorException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    String in = message.contains("query") ? "/query/" : message.contains("path") ? "/path/"
        : message.contains("header") ? "/header/" : message.contains("body") ? "/body" : "/";
    if (in.equals("/body")) {
      return in;
    }
    Matcher m = PARAMETER.matcher(message.strip());
    return m.find() ? in + m.group(1) : in;
  }
}
