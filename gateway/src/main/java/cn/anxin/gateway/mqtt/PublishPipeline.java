package cn.anxin.gateway.mqtt;

import cn.anxin.gateway.decode.EventTopic;
import cn.anxin.gateway.ingest.IngestOutcome;
import cn.anxin.gateway.ingest.IngestOutcome.Refusal;
import cn.anxin.gateway.ingest.IngestPipeline;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;
import java.util.Optional;

/** One PUBLISH: route the topic to a kind, check the device's authority, then ingest. */
final class PublishPipeline {

  private final IngestPipeline ingest;

  PublishPipeline(IngestPipeline ingest) {
    this.ingest = Objects.requireNonNull(ingest, "ingest");
  }

  IngestPipeline ingest() {
    return ingest;
  }

  Future<IngestOutcome> process(String deviceId, String topic, Buffer payload) {
    Optional<EventTopic> route = EventTopic.parse(topic);
    if (route.isEmpty()) {
      return ingest.refuse(deviceId, topic, payload, Refusal.TOPIC_INVALID,
          "topic is not anxin/v1/devices/{deviceId}/events/{kind} with a known kind");
    }
    if (!route.get().deviceId().equals(deviceId)) {
      return ingest.refuse(deviceId, topic, payload, Refusal.NOT_AUTHORIZED,
          "a device may publish only under its own topics");
    }
    return ingest.accept(deviceId, route.get().kind(), payload, topic);
  }
}
