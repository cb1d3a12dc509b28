package cn.anxin.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.anxin.gateway.decode.DecodeException;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.gateway.decode.PayloadDecoder;
import cn.anxin.gateway.forward.Appended;
import cn.anxin.gateway.ingest.IngestOutcome;
import cn.anxin.gateway.ingest.IngestOutcome.Refusal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IngestAnswerTest {

  @Test
  void givenStoredOrDuplicate_whenAnswered_thenCreatedOrOkWithTheEventId() {
    IngestAnswer created = IngestAnswer.of(new IngestOutcome.Stored(new Appended(7, false)));
    IngestAnswer again = IngestAnswer.of(new IngestOutcome.Stored(new Appended(7, true)));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body()).isEqualTo(new JsonObject().put("eventId", 7L).put("duplicate", false));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().getBoolean("duplicate")).isTrue();
  }

  @Test
  void givenEachRefusalAndUnavailable_whenAnswered_thenItsStatusAndAProblem() {
    assertThat(IngestAnswer.of(new IngestOutcome.Refused(Refusal.TOPIC_INVALID, "x")).status()).isEqualTo(404);
    assertThat(IngestAnswer.of(new IngestOutcome.Refused(Refusal.NOT_AUTHORIZED, "x")).status()).isEqualTo(403);
    assertThat(IngestAnswer.of(new IngestOutcome.Refused(Refusal.PAYLOAD_INVALID, "x")).status()).isEqualTo(400);
    IngestAnswer unavailable = IngestAnswer.of(new IngestOutcome.Unavailable(new RuntimeException("down")));
    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(unavailable.body().getString("type")).isEqualTo("about:blank");
    assertThat(unavailable.body().getString("title")).contains("Service Unavailable");
  }

  @Test
  void givenTheDecodersReason_whenTurnedIntoErrors_thenEachNamesItsFieldAsAPointer() {
    DecodeException refused = catchThrowableOfType(DecodeException.class, () -> new PayloadDecoder().decode(
        "radar-001", EventKind.FALL,
        Buffer.buffer("{\"msgId\":\"a\",\"ts\":\"2026-11-29T00:00:00Z\",\"confidence\":1.5}"), Instant.EPOCH));

    assertThat(refused).isNotNull();
    JsonArray errors = IngestAnswer.errorsOf(refused.getMessage());

    assertThat(errors).isNotEmpty();
    assertThat(errors.stream().map(e -> ((JsonObject) e).getString("pointer"))).contains("/confidence");
  }

  @Test
  void givenReasonsInEachPointerForm_whenTurnedIntoErrors_thenPointersAreJsonPointers() {
    assertThat(IngestAnswer.errorsOf("#/ts: bad; /: Instance does not have required property \"msgId\""))
        .containsExactly(
            new JsonObject().put("pointer", "/ts").put("detail", "bad"),
            new JsonObject().put("pointer", "").put("detail", "Instance does not have required property \"msgId\""));
    assertThat(IngestAnswer.errorsOf("/subsidyFen, /paidFen: too much"))
        .containsExactly(
            new JsonObject().put("pointer", "/subsidyFen").put("detail", "too much"),
            new JsonObject().put("pointer", "/paidFen").put("detail", "too much"));
  }

  @Test
  void givenAReasonWithoutAPlace_whenTurnedIntoErrors_thenItIsKeptAsDetailOnly() {
    assertThat(IngestAnswer.errorsOf("payload is not valid JSON"))
        .containsExactly(new JsonObject().put("detail", "payload is not valid JSON"));
  }

  @Test
  void givenAnswers_whenPutInABatch_thenEachCarriesItsIndexAndStatus() {
    JsonObject stored = IngestAnswer.of(new IngestOutcome.Stored(new Appended(3, false))).asBatchItem(0);
    JsonObject refused = IngestAnswer.of(new IngestOutcome.Refused(Refusal.PAYLOAD_INVALID, "#/ts: bad"))
        .asBatchItem(1);

    assertThat(stored).isEqualTo(new JsonObject().put("index", 0).put("status", 201)
        .put("eventId", 3L).put("duplicate", false));
    assertThat(refused.getInteger("status")).isEqualTo(400);
    assertThat(refused.getJsonObject("problem").getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/ts");
  }
}
