package cn.anxin.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each kind's schema is the versioned contract and shares the envelope every kind has. */
class ContractSchemasTest {

  private static final JsonObject FALL = PayloadDecoder.loadSchema(EventKind.FALL);

  @ParameterizedTest
  @EnumSource(EventKind.class)
  void givenAKind_whenItsSchemaIsLoaded_thenItIsTheVersionedDraft2020Contract(EventKind kind) {
    JsonObject schema = PayloadDecoder.loadSchema(kind);

    assertThat(schema.getString("$id"))
        .isEqualTo("https://anxin.cn/contract/v1/" + kind.topicSegment() + ".schema.json");
    assertThat(schema.getString("$schema")).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    if (kind.devicePublishable()) {
      assertThat(schema.getString("description"))
          .contains("anxin/v1/devices/{deviceId}/events/" + kind.topicSegment());
    }
  }

  @ParameterizedTest
  @EnumSource(EventKind.class)
  void givenAKind_whenItsSchemaIsLoaded_thenItRequiresTheSameMsgIdAndTsAndRefusesOtherProperties(EventKind kind) {
    JsonObject schema = PayloadDecoder.loadSchema(kind);
    JsonObject properties = schema.getJsonObject("properties");

    assertThat(schema.getString("type")).isEqualTo("object");
    assertThat(schema.getBoolean("additionalProperties")).isFalse();
    assertThat(schema.getJsonArray("required").getList()).startsWith("msgId", "ts");
    assertThat(properties.getJsonObject("msgId")).isEqualTo(FALL.getJsonObject("properties").getJsonObject("msgId"));
    assertThat(properties.getJsonObject("ts")).isEqualTo(FALL.getJsonObject("properties").getJsonObject("ts"));
  }
}
