package cn.anxin.gateway.decode;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind's documented example with one thing broken is refused, and the reason names what. */
class InvalidPayloadsTest {

  private final PayloadDecoder decoder = new PayloadDecoder();

  static Stream<Arguments> brokenExamples() {
    return Stream.of(
        broken(EventKind.FALL, "/confidence", j -> j.put("confidence", 1.5)),
        broken(EventKind.FALL, "/zone", j -> j.put("zone", "")),
        broken(EventKind.HEARTBEAT, "/battery", j -> j.put("battery", 101)),
        broken(EventKind.HEARTBEAT, "/battery", j -> j.put("battery", "87")),
        broken(EventKind.HEARTBEAT, "/firmware", j -> j.put("firmware", "")),
        broken(EventKind.PRESENCE, "present", j -> j.remove("present")),
        broken(EventKind.PRESENCE, "/present", j -> j.put("present", "yes")),
        broken(EventKind.PRESENCE, "/targets", j -> j.put("targets", -1)),
        broken(EventKind.SUSPECTED_FALL, "/confidence", j -> j.put("confidence", -0.1)),
        broken(EventKind.SUSPECTED_FALL, "/zone", j -> j.put("zone", "z".repeat(33))),
        broken(EventKind.DWELL, "seconds", j -> j.remove("seconds")),
        broken(EventKind.DWELL, "/seconds", j -> j.put("seconds", -5)),
        broken(EventKind.DWELL, "/seconds", j -> j.put("seconds", 12.5)),
        broken(EventKind.BED_STATE, "/state", j -> j.put("state", "up")),
        broken(EventKind.BED_STATE, "state", j -> j.remove("state")),
        broken(EventKind.VITALS, "heartRate", InvalidPayloadsTest::withoutRates),
        broken(EventKind.VITALS, "breathingRate", InvalidPayloadsTest::withoutRates),
        broken(EventKind.VITALS, "/heartRate", j -> j.put("heartRate", 251)),
        broken(EventKind.VITALS, "/breathingRate", j -> j.put("breathingRate", 81)),
        broken(EventKind.VITALS, "/inBed", j -> j.put("inBed", "yes")),
        broken(EventKind.SOS, "/button", j -> j.put("button", 1)),
        broken(EventKind.SOS, "msgId", j -> j.remove("msgId")),
        broken(EventKind.ALARM_CANCEL, "/cancels", j -> j.put("cancels", "has space")),
        broken(EventKind.ALARM_CANCEL, "/cancels", j -> j.put("cancels", 5)),
        broken(EventKind.LOCATION, "/lat", j -> j.put("lat", 91)),
        broken(EventKind.LOCATION, "/lon", j -> j.put("lon", -180.5)),
        broken(EventKind.LOCATION, "/fix", j -> j.put("fix", "bluetooth")),
        broken(EventKind.LOCATION, "accuracyM", j -> j.remove("accuracyM")),
        broken(EventKind.WATER_READING, "/intervalMinutes", j -> j.put("intervalMinutes", 0)),
        broken(EventKind.WATER_READING, "/intervalMinutes", j -> j.put("intervalMinutes", 1441)),
        broken(EventKind.WATER_READING, "/volumeL", j -> j.put("volumeL", -1)),
        broken(EventKind.WATER_READING, "/registerL", j -> j.put("registerMaxL", 99_999)),
        broken(EventKind.ELECTRICITY_READING, "/energyWh", j -> j.put("energyWh", -0.5)),
        broken(EventKind.ELECTRICITY_READING, "/registerWh", j -> j.put("registerMaxWh", 1_000_000)),
        broken(EventKind.ELECTRICITY_READING, "intervalMinutes", j -> j.remove("intervalMinutes")),
        broken(EventKind.MEAL_SWIPE, "/credential/type", j -> j.getJsonObject("credential").put("type", "passport")),
        broken(EventKind.MEAL_SWIPE, "/credential/id", j -> j.getJsonObject("credential").put("id", "")),
        broken(EventKind.MEAL_SWIPE, "/mealType", j -> j.put("mealType", "supper")),
        broken(EventKind.MEAL_SWIPE, "/priceFen", j -> j.put("priceFen", -1)),
        broken(EventKind.MEAL_SWIPE, "/paidFen", j -> j.put("paidFen", 12.5)),
        broken(EventKind.MEAL_SWIPE, "/subsidyFen", j -> j.put("subsidyFen", 600)),
        broken(EventKind.MEAL_SWIPE, "terminal", j -> j.remove("terminal")));
  }

  @ParameterizedTest(name = "{0}: {1} {2}")
  @MethodSource("brokenExamples")
  void givenAnExampleWithOneFieldBroken_whenDecoded_thenItIsRefusedWithAReasonNamingTheField(
      EventKind kind, String field, String payload) {
    Instant receivedAt = OffsetDateTime.parse(new JsonObject(payload).getString("ts")).toInstant();

    assertThatThrownBy(() -> decoder.decode("dev-1", kind, Buffer.buffer(payload), receivedAt))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining(field);
  }

  private static void withoutRates(JsonObject vitals) {
    vitals.remove("heartRate");
    vitals.remove("breathingRate");
  }

  private static Arguments broken(EventKind kind, String field, Consumer<JsonObject> change) {
    JsonObject json = ContractExamples.json(kind);
    change.accept(json);
    return Arguments.of(kind, field, json.encode());
  }
}
