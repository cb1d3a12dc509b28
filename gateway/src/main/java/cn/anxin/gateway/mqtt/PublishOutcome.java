package cn.anxin.gateway.mqtt;

import cn.anxin.gateway.forward.Appended;

/** What became of one PUBLISH. */
sealed interface PublishOutcome {

  /** Durably stored (or recognised as an earlier message stored before). */
  record Stored(Appended appended) implements PublishOutcome {}

  /** Refused; kept in quarantine for inspection. */
  record Refused(Refusal refusal, String detail) implements PublishOutcome {}

  /** Could not be stored right now; the device must send it again. */
  record Unavailable(Throwable cause) implements PublishOutcome {}

  enum Refusal {
    /** The topic is not a contract v1 event topic of a known kind. */
    TOPIC_INVALID,
    /** The topic names another device. */
    NOT_AUTHORIZED,
    /** The payload breaks the kind's schema. */
    PAYLOAD_INVALID
  }
}
