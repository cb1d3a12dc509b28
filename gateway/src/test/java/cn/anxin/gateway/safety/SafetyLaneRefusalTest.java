package cn.anxin.gateway.safety;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.gateway.decode.DeviceEvent;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.gateway.decode.PayloadDecoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What the lane keeps of a fall the journal could not store: one lost to an outage is kept for
 * another attempt; one the database refused on its data is not (it would be refused for ever).
 */
class SafetyLaneRefusalTest {

  @Test
  void givenAnOutageAndADataRefusal_whenTheJournalFails_thenOnlyTheOutageIsKeptForAnotherAttempt() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      SafetyLane lane = new SafetyLane(vertx, e -> Future.failedFuture(new SQLException("down", "08006")), 10,
          60_000);
      DeviceEvent lostInOutage = fall("f-1");
      DeviceEvent refusedOnData = fall("f-2");

      lane.unstored(lostInOutage, new SQLException("connection refused", "08001"));
      lane.unstored(refusedOnData, new RuntimeException(new SQLException("value too long", "22001")));

      assertThat(lane.unstoredCount()).isEqualTo(1);
      assertThat(lane.refused()).isEqualTo(1);
      assertThat(SafetyLane.refusedOnData(new SQLException("duplicate", "23505"))).isTrue();
      assertThat(SafetyLane.refusedOnData(new SQLException("timeout", "57014"))).isFalse();
      lane.close();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  private static DeviceEvent fall(String msgId) throws Exception {
    return new PayloadDecoder().decode("radar-001", EventKind.FALL,
        Buffer.buffer("{\"msgId\":\"" + msgId + "\",\"ts\":\"2026-11-29T00:00:00Z\"}"), Instant.parse("2026-11-29T00:00:01Z"));
  }
}
