package cn.anxin.gateway.http;

import cn.anxin.gateway.decode.EventKind;
import cn.anxin.gateway.ingest.IngestOutcome;
import cn.anxin.gateway.ingest.IngestOutcome.Refusal;
import cn.anxin.gateway.ingest.IngestPipeline;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP counterpart of the MQTT publish pipeline: check the device sends under its own path,
 * route the kind segment to a kind, then ingest. Refusals are quarantined like MQTT's.
 */
final class HttpEventPipeline {

  private final IngestPipeline ingest;

  HttpEventPipeline(IngestPipeline ingest) {
    this.ingest = Objects.requireNonNull(ingest, "ingest");
  }

  /** Empty when the path names the sender itself; else the refusal, kept in quarantine. */
  Optional<Future<IngestOutcome>> refuseForeignPath(
      String deviceId, String pathDeviceId, String address, Buffer body) {
    if (deviceId.equals(pathDeviceId)) {
      return Optional.empty();
    }
    return Optional.of(ingest.refuse(deviceId, address, body, Refusal.NOT_AUTHORIZED,
        "a device may send only under its own path, /v1/devices/" + deviceId + "/..."));
  }

  /** A body that is not what the endpoint takes (a batch that is no list of items); quarantined. */
  Future<IngestOutcome> refuseMalformed(String deviceId, String address, Buffer body, String detail) {
    return ingest.refuse(deviceId, address, body, Refusal.PAYLOAD_INVALID, detail);
  }

  /** One event of the kind the segment names, from the authenticated device. */
  Future<IngestOutcome> accept(String deviceId, String kindSegment, Buffer payload, String address) {
    Optional<EventKind> kind = EventKind.fromTopicSegment(kindSegment);
    if (kind.isEmpty()) {
      return ingest.refuse(deviceId, address, payload, Refusal.TOPIC_INVALID,
          "contract v1 has no event kind '" + kindSegment + "'");
    }
    return ingest.accept(deviceId, kind.get(), payload, address);
  }
}
