package cn.anxin.gateway.mqtt;

import cn.anxin.gateway.decode.DecodeException;
import cn.anxin.gateway.decode.DeviceEvent;
import cn.anxin.gateway.decode.EventTopic;
import cn.anxin.gateway.decode.PayloadDecoder;
import cn.anxin.gateway.forward.EventJournal;
import cn.anxin.gateway.forward.Quarantine;
import cn.anxin.gateway.forward.Rejection;
import cn.anxin.gateway.mqtt.PublishOutcome.Refusal;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One PUBLISH, in named steps: route the topic, decode the payload, append to the journal. */
final class PublishPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(PublishPipeline.class);

  private final PayloadDecoder decoder;
  private final EventJournal journal;
  private final Quarantine quarantine;
  private final Clock clock;
  private final GatewayCounters counters;

  PublishPipeline(
      PayloadDecoder decoder,
      EventJournal journal,
      Quarantine quarantine,
      Clock clock,
      GatewayCounters counters) {
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  Future<PublishOutcome> process(String deviceId, String topic, Buffer payload) {
    Instant receivedAt = clock.instant();
    Optional<EventTopic> route = EventTopic.parse(topic);
    if (route.isEmpty()) {
      return refuse(deviceId, topic, payload, receivedAt, Refusal.TOPIC_INVALID,
          "topic is not anxin/v1/devices/{deviceId}/events/{kind} with a known kind");
    }
    if (!route.get().deviceId().equals(deviceId)) {
      return refuse(deviceId, topic, payload, receivedAt, Refusal.NOT_AUTHORIZED,
          "a device may publish only under its own topics");
    }
    DeviceEvent event;
    try {
      event = decoder.decode(deviceId, route.get().kind(), payload, receivedAt);
    } catch (DecodeException e) {
      return refuse(deviceId, topic, payload, receivedAt, Refusal.PAYLOAD_INVALID, e.getMessage());
    }
    return append(event);
  }

  private Future<PublishOutcome> append(DeviceEvent event) {
    return journal
        .append(event)
        .<PublishOutcome>map(appended -> {
          (appended.duplicate() ? counters.duplicates : counters.eventsStored).incrementAndGet();
          return new PublishOutcome.Stored(appended);
        })
        .otherwise(cause -> {
          counters.storeFailures.incrementAndGet();
          LOG.error("could not store {} from {}: {}", event.msgId(), event.deviceId(), cause.toString());
          return new PublishOutcome.Unavailable(cause);
        });
  }

  private Future<PublishOutcome> refuse(
      String deviceId, String topic, Buffer payload, Instant at, Refusal refusal, String detail) {
    counters.refusedMessages.incrementAndGet();
    LOG.warn("refused message from {} on '{}': {} ({})", deviceId, topic, refusal, detail);
    byte[] bytes = payload == null ? new byte[0] : payload.getBytes();
    quarantine
        .keep(new Rejection(deviceId, topic, refusal + ": " + detail, bytes, at))
        .onFailure(e -> LOG.error("could not keep refused message from {}: {}", deviceId, e.toString()));
    return Future.succeededFuture(new PublishOutcome.Refused(refusal, detail));
  }
}
