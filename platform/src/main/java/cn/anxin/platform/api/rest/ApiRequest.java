package cn.anxin.platform.api.rest;

import cn.anxin.platform.access.Principal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One API request after authentication and validation against the contract: who asks, in which
 * language, and the typed parameters and body the contract describes.
 */
public final class ApiRequest {

  private final RoutingContext ctx;
  private final Principal principal;
  private final Locale locale;
  private final ValidatedRequest validated;
  private final java.util.List<Runnable> afterCommit = new java.util.concurrent.CopyOnWriteArrayList<>();

  ApiRequest(RoutingContext ctx, Principal principal, Locale locale) {
    this.ctx = ctx;
    this.principal = principal;
    this.locale = locale;
    this.validated = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  /** The signed-in account; null only for the few public operations. */
  public Principal principal() {
    return principal;
  }

  public Locale locale() {
    return locale;
  }

  public String path(String name) {
    RequestParameter p = validated == null ? null : validated.getPathParameters().get(name);
    return p != null && !p.isNull() ? String.valueOf(p.get()) : ctx.pathParam(name);
  }

  /** A numeric path parameter; the contract has already refused anything but an integer. */
  public long pathLong(String name) {
    return Long.parseLong(path(name));
  }

  public Optional<String> query(String name) {
    RequestParameter p = validated == null ? null : validated.getQuery().get(name);
    if (p != null && !p.isNull()) {
      Object v = p.get();
      return Optional.of(v instanceof JsonArray a ? a.encode() : String.valueOf(v));
    }
    return Optional.ofNullable(ctx.queryParams().get(name));
  }

  public Optional<Long> queryLong(String name) {
    return query(name).map(Long::valueOf);
  }

  /**
   * A date-time query parameter with its offset (ISO 8601), or a field error on {@code /query/name}.
   * The contract leaves such parameters as plain strings: the request validator decodes a query once
   * too often, so the '+' of an offset arrives as a space, and is read back here.
   */
  public Optional<java.time.Instant> queryInstant(String name, java.util.List<FieldError> errors) {
    Optional<String> text = query(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(java.time.OffsetDateTime.parse(text.get().strip().replace(' ', '+')).toInstant());
    } catch (java.time.format.DateTimeParseException e) {
      errors.add(FieldError.of("/query/" + name, "field.format"));
      return Optional.empty();
    }
  }

  public int queryInt(String name, int otherwise) {
    return query(name).map(Integer::valueOf).orElse(otherwise);
  }

  /** An array query parameter (repeated or comma-separated, as the contract says). */
  public Optional<JsonArray> queryArray(String name) {
    RequestParameter p = validated == null ? null : validated.getQuery().get(name);
    return p == null || p.isNull() ? Optional.empty() : Optional.of(p.getJsonArray());
  }

  /** The JSON body, already checked against the contract's schema. */
  public JsonObject body() {
    if (validated != null && validated.getBody() != null && !validated.getBody().isNull()) {
      return validated.getBody().getJsonObject();
    }
    Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
    return raw == null || raw.length() == 0 ? new JsonObject() : raw.toJsonObject();
  }

  /** The body as bytes, for uploads. */
  public byte[] rawBody() {
    Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
    return raw == null ? new byte[0] : raw.getBytes();
  }

  public String header(String name) {
    return ctx.request().getHeader(name);
  }

  public Map<String, String> headers() {
    Map<String, String> all = new java.util.LinkedHashMap<>();
    ctx.request().headers().forEach(e -> all.putIfAbsent(e.getKey(), e.getValue()));
    return all;
  }

  public String clientIp() {
    return ClientAddress.of(ctx);
  }

  /** Runs an action on the event loop once the operation's transaction has committed. */
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  void runAfterCommit() {
    afterCommit.forEach(Runnable::run);
  }

  /** The routing context, for the few operations that stream or set cookies. */
  public RoutingContext context() {
    return ctx;
  }
}
