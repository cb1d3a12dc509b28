package cn.anxin.gateway.decode;

import java.util.Optional;

/** The kind-specific part of a device message. */
public sealed interface EventBody {

  /** A confirmed fall reported by a radar sensor or a wearable. */
  record FallDetected(Optional<Double> confidence, Optional<String> zone) implements EventBody {}

  /** The device is alive. */
  record Heartbeat(Optional<Integer> battery, Optional<String> firmware) implements EventBody {}
}
