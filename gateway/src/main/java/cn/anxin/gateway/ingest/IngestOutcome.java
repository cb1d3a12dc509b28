package cn.anxin.gateway.ingest;

import cn.anxin.gateway.forward.Appended;

/** What became of one device message, whichever way it came (MQTT or HTTP). */
public sealed interface IngestOutcome {

  /** Durably stored (or recognised as an earlier message stored before). */
  record Stored(Appended appended) implements IngestOutcome {}

  /** Refused; kept in quarantine for inspection. */
  record Refused(Refusal refusal, String detail) implements IngestOutcome {}

  /** Could not be stored right now; the device must send it again. */
  record Unavailable(Throwable cause) implements IngestOutcome {}

  /** Why a message was refused. */
  enum Refusal {
    /** The topic or path is not a contract v1 event address of a known kind. */
    TOPIC_INVALID,
    /** The address names another device. */
    NOT_AUTHORIZED,
    /** The payload breaks the kind's schema. */
    PAYLOAD_INVALID
  }
}
