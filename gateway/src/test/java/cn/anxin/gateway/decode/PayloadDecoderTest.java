package cn.anxin.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PayloadDecoderTest {

  private static final Instant RECEIVED = Instant.parse("2026-11-29T00:00:05Z");
  private final PayloadDecoder decoder = new PayloadDecoder();

  @Test
  void givenAFullFallPayload_whenDecoded_thenEveryFieldIsTyped() throws Exception {
    DeviceEvent event = decode(EventKind.FALL,
        "{\"msgId\":\"f-1\",\"ts\":\"2026-11-29T08:00:03.120+08:00\",\"confidence\":0.93,\"zone\":\"bathroom\"}");

    assertThat(event.deviceId()).isEqualTo("radar-001");
    assertThat(event.msgId()).isEqualTo("f-1");
    assertThat(event.eventTime()).isEqualTo(OffsetDateTime.parse("2026-11-29T08:00:03.120+08:00"));
    assertThat(event.eventTime().toInstant()).isEqualTo(Instant.parse("2026-11-29T00:00:03.120Z"));
    assertThat(event.receivedAt()).isEqualTo(RECEIVED);
    assertThat(event.deviceTime()).isEqualTo(event.eventTime());
    assertThat(event.timeFlag()).isEqualTo(TimeFlag.OK);
    assertThat(event.body()).isEqualTo(new EventBody.FallDetected(Optional.of(0.93), Optional.of("bathroom")));
  }

  @Test
  void givenAMinimalHeartbeat_whenDecoded_thenOptionalFieldsAreEmpty() throws Exception {
    DeviceEvent event = decode(EventKind.HEARTBEAT, "{\"msgId\":\"h-1\",\"ts\":\"2026-11-29T00:00:00Z\"}");
    assertThat(event.body()).isEqualTo(new EventBody.Heartbeat(Optional.empty(), Optional.empty()));
  }

  @Test
  void givenAHeartbeatWithBattery_whenDecoded_thenBatteryAndFirmwareAreRead() throws Exception {
    DeviceEvent event = decode(EventKind.HEARTBEAT,
        "{\"msgId\":\"h-2\",\"ts\":\"2026-11-29T00:00:00Z\",\"battery\":17,\"firmware\":\"1.4.2\"}");
    assertThat(event.body()).isEqualTo(new EventBody.Heartbeat(Optional.of(17), Optional.of("1.4.2")));
  }

  @Test
  void givenBrokenPayloads_whenDecoded_thenEachIsRefusedWithAReason() {
    assertRefused(EventKind.FALL, "", "empty");
    assertRefused(EventKind.FALL, "{not json", "not valid JSON");
    assertRefused(EventKind.FALL, "\"a string\"", "not a JSON object");
    assertRefused(EventKind.FALL, "{\"ts\":\"2026-11-29T00:00:00Z\"}", "msgId");
    assertRefused(EventKind.FALL, "{\"msgId\":\"a\",\"ts\":\"2026-11-29T00:00:00Z\",\"confidence\":1.5}", "confidence");
    assertRefused(EventKind.FALL, "{\"msgId\":\"a\",\"ts\":\"2026-11-29T00:00:00Z\",\"extra\":1}", "extra");
    assertRefused(EventKind.FALL, "{\"msgId\":\"a\",\"ts\":\"2026-11-29 00:00\"}", "ts");
    assertRefused(EventKind.HEARTBEAT, "{\"msgId\":\"a\",\"ts\":\"2026-11-29T00:00:00Z\",\"battery\":101}", "battery");
  }

  @Test
  void givenASchemaViolation_whenRefused_thenTheReasonIsTheSpecificProblemAtItsJsonPointer() {
    assertThatThrownBy(() -> decode(EventKind.FALL,
        "{\"msgId\":\"a\",\"ts\":\"2026-11-29T00:00:00Z\",\"confidence\":1.5}"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("/confidence: 1.5 is greater than 1");
  }

  @Test
  void givenANulCharacterInAText_whenDecoded_thenItIsRefusedBeforeItCouldFailTheJournal() throws Exception {
    assertThatThrownBy(() -> decode(EventKind.FALL,
        "{\"msgId\":\"a\",\"ts\":\"2026-11-29T00:00:00Z\",\"zone\":\"bath\\u0000room\"}"))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("NUL");
    assertThat(decode(EventKind.FALL,
        "{\"msgId\":\"a\",\"ts\":\"2026-11-29T00:00:00Z\",\"zone\":\"C:\\\\u0000\"}").msgId())
        .as("an escaped backslash followed by u0000 is plain text").isEqualTo("a");
  }

  @Test
  void givenAPropertyOutsideTheSchema_whenRefused_thenTheReasonNamesIt() {
    assertThatThrownBy(() -> decode(EventKind.SOS,
        "{\"msgId\":\"a\",\"ts\":\"2026-11-29T00:00:00Z\",\"colour\":\"red\"}"))
        .isInstanceOf(DecodeException.class)
        .hasMessageStartingWith("/colour: ");
  }

  private DeviceEvent decode(EventKind kind, String json) throws DecodeException {
    return decoder.decode("radar-001", kind, Buffer.buffer(json), RECEIVED);
  }

  private void assertRefused(EventKind kind, String json, String reasonMentions) {
    assertThatThrownBy(() -> decode(kind, json))
        .as("payload %s", json)
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining(reasonMentions);
  }
}
