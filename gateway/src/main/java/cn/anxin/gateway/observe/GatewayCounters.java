package cn.anxin.gateway.observe;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Running totals of what the gateway accepted and refused, for logs, health and tests. */
public final class GatewayCounters {

  private final AtomicLong connectionsAccepted = new AtomicLong();
  private final AtomicLong connectionsRefused = new AtomicLong();
  private final AtomicLong eventsStored = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong refusedMessages = new AtomicLong();
  private final AtomicLong storeFailures = new AtomicLong();
  private final AtomicLong readsPaused = new AtomicLong();
  private final AtomicLong rateDelayed = new AtomicLong();

  public void connectionAccepted() {
    connectionsAccepted.incrementAndGet();
  }

  public void connectionRefused() {
    connectionsRefused.incrementAndGet();
  }

  public void eventStored(boolean duplicate) {
    (duplicate ? duplicates : eventsStored).incrementAndGet();
  }

  public void messageRefused() {
    refusedMessages.incrementAndGet();
  }

  public void storeFailed() {
    storeFailures.incrementAndGet();
  }

  public void readsPaused() {
    readsPaused.incrementAndGet();
  }

  public void rateDelayed() {
    rateDelayed.incrementAndGet();
  }

  public Map<String, Long> snapshot() {
    return Map.of(
        "connectionsAccepted", connectionsAccepted.get(),
        "connectionsRefused", connectionsRefused.get(),
        "eventsStored", eventsStored.get(),
        "duplicates", duplicates.get(),
        "refusedMessages", refusedMessages.get(),
        "storeFailures", storeFailures.get(),
        "readsPaused", readsPaused.get(),
        "rateDelayed", rateDelayed.get());
  }
}
