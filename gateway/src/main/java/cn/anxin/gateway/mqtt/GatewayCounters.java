package cn.anxin.gateway.mqtt;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Running totals of what the gateway accepted and refused, for logs, health and tests. */
public final class GatewayCounters {

  final AtomicLong connectionsAccepted = new AtomicLong();
  final AtomicLong connectionsRefused = new AtomicLong();
  final AtomicLong eventsStored = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong refusedMessages = new AtomicLong();
  final AtomicLong storeFailures = new AtomicLong();

  public Map<String, Long> snapshot() {
    return Map.of(
        "connectionsAccepted", connectionsAccepted.get(),
        "connectionsRefused", connectionsRefused.get(),
        "eventsStored", eventsStored.get(),
        "duplicates", duplicates.get(),
        "refusedMessages", refusedMessages.get(),
        "storeFailures", storeFailures.get());
  }
}
