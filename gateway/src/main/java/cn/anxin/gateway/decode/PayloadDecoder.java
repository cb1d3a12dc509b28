package cn.anxin.gateway.decode;

import cn.anxin.gateway.decode.EventBody.Credential;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a payload into a {@link DeviceEvent}: JSON, then the kind's JSON schema (the contract under
 * {@code contract/v1}), then the checks a schema cannot express, then the {@link TimePolicy}, then
 * typed fields. The one place where device JSON becomes domain types.
 */
public final class PayloadDecoder {

  /** Keywords whose errors only wrap the errors of their subschemas, which say more. */
  private static final Set<String> WRAPPERS = Set.of("properties", "additionalProperties", "anyOf");

  private final Map<EventKind, Validator> validators = new EnumMap<>(EventKind.class);
  private final TimePolicy timePolicy;

  /** A decoder with the default {@link TimePolicy}. */
  public PayloadDecoder() {
    this(TimePolicy.defaults());
  }

  public PayloadDecoder(TimePolicy timePolicy) {
    this.timePolicy = Objects.requireNonNull(timePolicy, "timePolicy");
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
    EventBody body = body(kind, json);
    OffsetDateTime deviceTime = parseTime(json.getString("ts"));
    TimePolicy.Verdict time = timePolicy.judge(deviceTime, receivedAt);
    return new DeviceEvent(deviceId, kind, json.getString("msgId"), time.effectiveTime(), receivedAt,
        body, json.encode(), deviceTime, time.flag());
  }

  private static EventBody body(EventKind kind, JsonObject json) throws DecodeException {
    return switch (kind) {
      case FALL -> new EventBody.FallDetected(number(json, "confidence"), text(json, "zone"));
      case HEARTBEAT -> new EventBody.Heartbeat(integer(json, "battery"), text(json, "firmware"));
      case PRESENCE -> new EventBody.PresenceReported(json.getBoolean("present"), integer(json, "targets"));
      case SUSPECTED_FALL -> new EventBody.FallSuspected(number(json, "confidence"), text(json, "zone"));
      case DWELL -> new EventBody.DwellDetected(json.getInteger("seconds"), text(json, "zone"));
      case BED_STATE -> new EventBody.BedStateChanged(wire(EventBody.BedState.class, json.getString("state")));
      case VITALS -> new EventBody.VitalsMeasured(integer(json, "heartRate"), integer(json, "breathingRate"),
          Optional.ofNullable(json.getBoolean("inBed")));
      case SOS -> new EventBody.SosPressed();
      case ALARM_CANCEL -> new EventBody.AlarmCancelled(text(json, "cancels"));
      case LOCATION -> new EventBody.LocationReported(json.getDouble("lat"), json.getDouble("lon"),
          json.getDouble("accuracyM"), wire(EventBody.FixSource.class, json.getString("fix")));
      case WATER_READING -> new EventBody.WaterMetered(json.getInteger("intervalMinutes"),
          json.getDouble("volumeL"), register(json, "registerL", "registerMaxL"), number(json, "registerMaxL"));
      case ELECTRICITY_READING -> new EventBody.ElectricityMetered(json.getInteger("intervalMinutes"),
          json.getDouble("energyWh"), register(json, "registerWh", "registerMaxWh"), number(json, "registerMaxWh"));
      case MEAL_SWIPE -> swipe(json);
      case COMMAND_RESULT -> new EventBody.CommandResult(json.getString("cmdId"), json.getBoolean("ok"),
          text(json, "detail"));
      case CONNECTIVITY -> new EventBody.Connectivity(
          wire(EventBody.ConnectivityState.class, json.getString("state")), json.getString("reason"),
          text(json, "transport"), text(json, "protocol"));
    };
  }

  private static EventBody.MealSwiped swipe(JsonObject json) throws DecodeException {
    int price = json.getInteger("priceFen");
    int subsidy = json.getInteger("subsidyFen");
    int paid = json.getInteger("paidFen");
    if (subsidy + paid > price) {
      throw new DecodeException("/subsidyFen, /paidFen: subsidyFen + paidFen (" + (subsidy + paid)
          + ") exceeds priceFen (" + price + ")");
    }
    JsonObject credential = json.getJsonObject("credential");
    return new EventBody.MealSwiped(
        new Credential(wire(EventBody.CredentialType.class, credential.getString("type")), credential.getString("id")),
        wire(EventBody.MealType.class, json.getString("mealType")),
        price, subsidy, paid, json.getString("terminal"), text(json, "station"));
  }

  /** A meter register, which must not pass the rollover point the meter declares. */
  private static double register(JsonObject json, String field, String maxField) throws DecodeException {
    double register = json.getDouble(field);
    Optional<Double> max = number(json, maxField);
    if (max.isPresent() && register > max.get()) {
      throw new DecodeException("/" + field + ": " + field + " (" + register + ") exceeds " + maxField
          + " (" + max.get() + "), the point where the register rolls over");
    }
    return register;
  }

  private static Optional<Double> number(JsonObject json, String field) {
    return Optional.ofNullable(json.getNumber(field)).map(Number::doubleValue);
  }

  private static Optional<Integer> integer(JsonObject json, String field) {
    return Optional.ofNullable(json.getNumber(field)).map(Number::intValue);
  }

  private static Optional<String> text(JsonObject json, String field) {
    return Optional.ofNullable(json.getString(field));
  }

  /** A schema-checked wire value such as {@code "elder_card"} as its enum constant. */
  private static <E extends Enum<E>> E wire(Class<E> type, String value) {
    return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
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
    if (holdsNul(object)) {
      // Valid JSON, but PostgreSQL's jsonb cannot store a NUL character: refuse it here, with a
      // reason, rather than fail the journal's batch (and every other device's message in it).
      throw new DecodeException("payload contains a NUL character (\\u0000), which cannot be stored");
    }
    return object;
  }

  private static final char NUL = (char) 0;

  /** Whether a NUL character is in any key or text of the document. */
  private static boolean holdsNul(Object value) {
    if (value instanceof String text) {
      return text.indexOf(NUL) >= 0;
    }
    if (value instanceof JsonObject object) {
      for (var entry : object) {
        if (entry.getKey().indexOf(NUL) >= 0 || holdsNul(entry.getValue())) {
          return true;
        }
      }
    }
    if (value instanceof io.vertx.core.json.JsonArray array) {
      for (Object item : array) {
        if (holdsNul(item)) {
          return true;
        }
      }
    }
    return false;
  }

  private static OffsetDateTime parseTime(String ts) throws DecodeException {
    try {
      return OffsetDateTime.parse(ts);
    } catch (DateTimeParseException e) {
      throw new DecodeException("/ts: not an RFC 3339 date-time with offset");
    }
  }

  /**
   * The schema errors as "pointer: problem" pairs. An error that only wraps others (a property that
   * "does not match schema") is left out when a more specific error names the same or a deeper place.
   */
  private static String describe(OutputUnit result) {
    List<OutputUnit> errors = result.getErrors();
    if (errors == null || errors.isEmpty()) {
      return "payload does not match the schema: " + result.getError();
    }
    return errors.stream()
        .filter(e -> !isWrapper(e) || errors.stream().noneMatch(other -> explains(other, e)))
        .map(e -> pointer(e) + ": " + e.getError())
        .distinct()
        .limit(5)
        .collect(Collectors.joining("; "));
  }

  /** Whether {@code specific} says more about the same problem than the wrapper {@code wrapper}. */
  private static boolean explains(OutputUnit specific, OutputUnit wrapper) {
    String at = pointer(specific);
    String wrapped = pointer(wrapper);
    boolean deeper = wrapped.equals("/") ? !at.equals("/") : at.startsWith(wrapped + "/");
    return deeper || (at.equals(wrapped) && !isWrapper(specific));
  }

  private static boolean isWrapper(OutputUnit error) {
    String keyword = error.getKeywordLocation() == null ? "" : error.getKeywordLocation();
    return WRAPPERS.contains(keyword.substring(keyword.lastIndexOf('/') + 1));
  }

  /** The JSON Pointer of the offending value: "/" for the whole payload, "/credential/type" within it. */
  private static String pointer(OutputUnit error) {
    String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation();
    String pointer = location.startsWith("#") ? location.substring(1) : location;
    return pointer.isEmpty() ? "/" : pointer;
  }
}
