package cn.anxin.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.gateway.decode.EventBody.BedState;
import cn.anxin.gateway.decode.EventBody.Credential;
import cn.anxin.gateway.decode.EventBody.CredentialType;
import cn.anxin.gateway.decode.EventBody.FixSource;
import cn.anxin.gateway.decode.EventBody.MealType;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind's documented example is valid, decodes to the expected record, and is in the doc verbatim. */
class ContractExamplesTest {

  private static final Path CONTRACT_DOC = Path.of("../docs/mqtt-contract.md");
  private final PayloadDecoder decoder = new PayloadDecoder();

  static Stream<Arguments> expectedBodies() {
    return Stream.of(
        Arguments.of(EventKind.FALL, new EventBody.FallDetected(Optional.of(0.93), Optional.of("bathroom"))),
        Arguments.of(EventKind.HEARTBEAT, new EventBody.Heartbeat(Optional.of(87), Optional.of("1.4.2"))),
        Arguments.of(EventKind.PRESENCE, new EventBody.PresenceReported(true, Optional.of(1))),
        Arguments.of(EventKind.SUSPECTED_FALL,
            new EventBody.FallSuspected(Optional.of(0.62), Optional.of("bathroom"))),
        Arguments.of(EventKind.DWELL, new EventBody.DwellDetected(200, Optional.of("bathroom"))),
        Arguments.of(EventKind.BED_STATE, new EventBody.BedStateChanged(BedState.OUT)),
        Arguments.of(EventKind.VITALS,
            new EventBody.VitalsMeasured(Optional.of(62), Optional.of(14), Optional.of(true))),
        Arguments.of(EventKind.SOS, new EventBody.SosPressed()),
        Arguments.of(EventKind.ALARM_CANCEL, new EventBody.AlarmCancelled(Optional.of("watch-017-001203"))),
        Arguments.of(EventKind.LOCATION, new EventBody.LocationReported(25.0453, 101.5284, 12.5, FixSource.GPS)),
        Arguments.of(EventKind.WATER_READING,
            new EventBody.WaterMetered(30, 6.2, 184233.4, Optional.of(100_000_000.0))),
        Arguments.of(EventKind.ELECTRICITY_READING,
            new EventBody.ElectricityMetered(15, 41.5, 3_521_870.0, Optional.of(1_000_000_000.0))),
        Arguments.of(EventKind.MEAL_SWIPE, new EventBody.MealSwiped(
            new Credential(CredentialType.ELDER_CARD, "EC-0000123"), MealType.LUNCH, 1500, 500, 1000, "T07",
            Optional.of("CX-MEAL-003"))),
        Arguments.of(EventKind.COMMAND_RESULT, new EventBody.CommandResult(
            "3f1c2a9e-5b7d-4c1e-9a42-0d6f8e2b7c15", true, Optional.empty())),
        Arguments.of(EventKind.CONNECTIVITY, new EventBody.Connectivity(
            EventBody.ConnectivityState.OFFLINE, "keep-alive-expired", Optional.of("tcp"), Optional.of("3.1.1"))));
  }

  @Test
  void givenTheExpectedBodies_whenListed_thenEveryKindHasOne() {
    assertThat(expectedBodies().map(a -> (EventKind) a.get()[0]))
        .containsExactlyInAnyOrder(EventKind.values());
  }

  @ParameterizedTest
  @MethodSource("expectedBodies")
  void givenTheDocumentedExample_whenDecodedSecondsAfterItsTs_thenItIsTheExpectedRecordWithOkTime(
      EventKind kind, EventBody expected) throws Exception {
    String example = ContractExamples.text(kind);
    OffsetDateTime ts = OffsetDateTime.parse(ContractExamples.json(kind).getString("ts"));

    DeviceEvent event = decoder.decode("dev-1", kind, Buffer.buffer(example), ts.toInstant().plusSeconds(3));

    assertThat(event.kind()).isEqualTo(kind);
    assertThat(event.body()).isEqualTo(expected);
    assertThat(event.msgId()).isEqualTo(ContractExamples.json(kind).getString("msgId"));
    assertThat(event.deviceTime()).isEqualTo(ts);
    assertThat(event.eventTime()).isEqualTo(ts);
    assertThat(event.timeFlag()).isEqualTo(TimeFlag.OK);
  }

  @ParameterizedTest
  @EnumSource(EventKind.class)
  void givenTheContractDoc_whenRead_thenItShowsTheExampleOfEachKindVerbatim(EventKind kind) throws Exception {
    String doc = Files.readString(CONTRACT_DOC, StandardCharsets.UTF_8);
    assertThat(doc)
        .as("docs/mqtt-contract.md shows %s", ContractExamples.resource(kind))
        .contains("```json\n" + ContractExamples.text(kind) + "\n```");
    if (kind.devicePublishable()) {
      assertThat(doc).contains("`anxin/v1/devices/{deviceId}/events/" + kind.topicSegment() + "`");
    }
  }

  @Test
  void givenEveryExample_whenListed_thenEachKindHasExactlyOneFile() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/contract/examples"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(
              Arrays.stream(EventKind.values()).map(k -> k.topicSegment() + ".json").toList());
    }
  }
}
