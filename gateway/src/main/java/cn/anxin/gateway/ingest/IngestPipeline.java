package cn.anxin.gateway.ingest;

import cn.anxin.gateway.decode.DecodeException;
import cn.anxin.gateway.decode.DeviceEvent;
import cn.anxin.gateway.decode.EventBody;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.gateway.decode.PayloadDecoder;
import cn.anxin.gateway.forward.EventJournal;
import cn.anxin.gateway.forward.Quarantine;
import cn.anxin.gateway.forward.Rejection;
import cn.anxin.gateway.ingest.IngestOutcome.Refusal;
import cn.anxin.gateway.observe.GatewayCounters;
import cn.anxin.gateway.safety.SafetyLane;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device message from an authenticated device, in named steps: decode the payload against the
 * kind's schema, then append it to the journal. Shared by the MQTT listeners and the HTTP ingest;
 * each of them routes its own address (topic or path) to a kind first.
 */
public final class IngestPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

  private final PayloadDecoder decoder;
  private final EventJournal journal;
  private final Quarantine quarantine;
  private final Clock clock;
  private final GatewayCounters counters;
  private final SafetyLane safety;

  /** Without a safety lane: falls and SOS presses reach the platform through the journal only. */
  public IngestPipeline(
      PayloadDecoder decoder,
      EventJournal journal,
      Quarantine quarantine,
      Clock clock,
      GatewayCounters counters) {
    this(decoder, journal, quarantine, clock, counters, null);
  }

  /**
   * @param safety where falls and SOS presses go the moment they are valid, and those the journal
   *     could not store wait to be appended again; null for none
   */
  public IngestPipeline(
      PayloadDecoder decoder,
      EventJournal journal,
      Quarantine quarantine,
      Clock clock,
      GatewayCounters counters,
      SafetyLane safety) {
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.safety = safety;
  }

  public GatewayCounters counters() {
    return counters;
  }

  /**
   * @param deviceId the authenticated sender
   * @param kind the message kind its address names
   * @param payload the payload as received
   * @param address the topic or path it came on, for the record
   */
  public Future<IngestOutcome> accept(String deviceId, EventKind kind, Buffer payload, String address) {
    Instant receivedAt = clock.instant();
    DeviceEvent event;
    try {
      event = decoder.decode(deviceId, kind, payload, receivedAt);
    } catch (DecodeException e) {
      return refuse(deviceId, address, payload, Refusal.PAYLOAD_INVALID, e.getMessage());
    }
    boolean urgent = safety != null && safety.covers(event.kind());
    if (urgent) {
      safety.raised(event);
    }
    return journal
        .append(event)
        .<IngestOutcome>map(appended -> {
          counters.eventStored(event.kind().name(), appended.duplicate());
          return new IngestOutcome.Stored(appended);
        })
        .otherwise(cause -> {
          counters.storeFailed();
          LOG.error("could not store {} from {}: {}", event.msgId(), event.deviceId(), cause.toString());
          if (urgent) {
            safety.unstored(event, cause);
          }
          return new IngestOutcome.Unavailable(cause);
        });
  }

  /**
   * Journals that a device came online or went offline, as the gateway saw it, through the same
   * schema and journal as device messages, so the platform receives it in order with them.
   */
  public Future<Void> connectivity(String deviceId, EventBody.ConnectivityState state, String reason,
      String transport, String protocol) {
    Instant now = clock.instant();
    JsonObject payload = new JsonObject()
        .put("msgId", "gw-" + UUID.randomUUID())
        .put("ts", now.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .put("state", state.name().toLowerCase(Locale.ROOT))
        .put("reason", reason)
        .put("transport", transport)
        .put("protocol", protocol);
    DeviceEvent event;
    try {
      event = decoder.decode(deviceId, EventKind.CONNECTIVITY, payload.toBuffer(), now);
    } catch (DecodeException e) {
      return Future.failedFuture(new IllegalArgumentException("connectivity event: " + e.getMessage()));
    }
    return journal.append(event)
        .onFailure(e -> LOG.error("could not record that {} is {}: {}", deviceId, state, e.toString()))
        .mapEmpty();
  }

  /** Refuses a message before decoding (its address was wrong); it is counted and quarantined. */
  public Future<IngestOutcome> refuse(
      String deviceId, String address, Buffer payload, Refusal refusal, String detail) {
    counters.messageRefused(refusal.name());
    LOG.warn("refused message from {} on '{}': {} ({})", deviceId, address, refusal, detail);
    byte[] bytes = payload == null ? new byte[0] : payload.getBytes();
    quarantine
        .keep(new Rejection(deviceId, address, refusal + ": " + detail, bytes, clock.instant()))
        .onFailure(e -> LOG.error("could not keep refused message from {}: {}", deviceId, e.toString()));
    return Future.succeededFuture(new IngestOutcome.Refused(refusal, detail));
  }
}
