package cn.anxin.platform.notify.channel;

import java.util.Objects;

/** What an attempt came to: accepted by the receiver (with its receipt) or not (and whether to try again). */
public sealed interface SendResult {

  /** The receiver took the message; {@code receipt} says how (SMTP Message-ID, HTTP status and id). */
  record Delivered(String receipt) implements SendResult {
    public Delivered {
      Objects.requireNonNull(receipt, "receipt");
    }
  }

  /** The attempt failed; a permanent failure is not tried again. */
  record Failed(String error, boolean permanent) implements SendResult {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * Not attempted: the receiver is not there now (the family app is not connected). The attempt is
   * not counted; the message waits until the receiver is back, or {@code recheckAfter} at the latest.
   */
  record Deferred(String why, java.time.Duration recheckAfter) implements SendResult {
    public Deferred {
      Objects.requireNonNull(why, "why");
      Objects.requireNonNull(recheckAfter, "recheckAfter");
    }
  }

  static SendResult delivered(String receipt) {
    return new Delivered(receipt);
  }

  static SendResult failed(String error) {
    return new Failed(error, false);
  }

  static SendResult failedForGood(String error) {
    return new Failed(error, true);
  }
}
