package cn.anxin.gateway.decode;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a payload into a {@link DeviceEvent}: JSON, then the kind's JSON schema (the contract under
 * {@code contract/v1}), then typed fields. The one place where device JSON becomes domain types.
 */
public final class PayloadDecoder {

  private final Map<EventKind, Validator> validators = new EnumMap<>(EventKind.class);

  public PayloadDecoder() {
    JsonSchemaOptions options =
        new JsonSchemaOptions()
            .setDraft(Draft.DRAFT202012)
            .setBaseUri("https://anxin.cn/contract/v1/")
            .setOutputFormat(OutputFormat.Basic);
    for (EventKind kind : EventKind.values()) {
      validators.put(kind, Validator.create(JsonSchema.of(loadSchema(kind)), options));
    }
  }

  /** The contract's schema for one kind, as shipped in this jar. */
  public static JsonObject loadSchema(EventKind kind) {
    try (InputStream in = PayloadDecoder.class.getResourceAsStream(kind.schemaResource())) {
      if (in == null) {
        throw new IllegalStateException("missing schema " + kind.schemaResource());
      }
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public DeviceEvent decode(String deviceId, EventKind kind, Buffer payload, Instant receivedAt)
      throws DecodeException {
    JsonObject json = parseObject(payload);
    OutputUnit result = validators.get(kind).validate(json);
    if (!Boolean.TRUE.equals(result.getValid())) {
      throw new DecodeException(describe(result));
    }
    OffsetDateTime eventTime = parseTime(json.getString("ts"));
    EventBody body =
        switch (kind) {
          case FALL -> new EventBody.FallDetected(
              Optional.ofNullable(json.getNumber("confidence")).map(Number::doubleValue),
              Optional.ofNullable(json.getString("zone")));
          case HEARTBEAT -> new EventBody.Heartbeat(
              Optional.ofNullable(json.getInteger("battery")),
              Optional.ofNullable(json.getString("firmware")));
        };
    return new DeviceEvent(
        deviceId, kind, json.getString("msgId"), eventTime, receivedAt, body, json.encode());
  }

  private static JsonObject parseObject(Buffer payload) throws DecodeException {
    if (payload == null || payload.length() == 0) {
      throw new DecodeException("empty payload");
    }
    Object value;
    try {
      value = payload.toJsonValue();
    } catch (RuntimeException e) {
      throw new DecodeException("payload is not valid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw new DecodeException("payload is not a JSON object");
    }
    return object;
  }

  private static OffsetDateTime parseTime(String ts) throws DecodeException {
    try {
      return OffsetDateTime.parse(ts);
    } catch (DateTimeParseException e) {
      throw new DecodeException("/ts: not an RFC 3339 date-time with offset");
    }
  }

  private static String describe(OutputUnit result) {
    if (result.getErrors() == null || result.getErrors().isEmpty()) {
      return "payload does not match the schema: " + result.getError();
    }
    return result.getErrors().stream()
        .map(e -> (e.getInstanceLocation() == null || e.getInstanceLocation().isEmpty()
                ? "/" : e.getInstanceLocation()) + ": " + e.getError())
        .distinct()
        .limit(5)
        .collect(Collectors.joining("; "));
  }
}
