package cn.anxin.gateway.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * What the gateway accepted and refused, as meters in the registry the stack scrapes. Every tag
 * value comes from a closed set (message kinds, refusal reasons, outcomes); no device id or
 * personal data becomes a label.
 */
public final class GatewayCounters {

  static final String PREFIX = "anxin.gateway.";
  static final String UNSPECIFIED = "UNSPECIFIED";

  private final MeterRegistry registry;
  private final Counter connectionsAccepted;
  private final MeterProvider<Counter> connectRefusals;
  private final MeterProvider<Counter> messages;
  private final MeterProvider<Counter> rejections;
  private final Counter storeFailures;
  private final Counter readsPaused;
  private final Counter rateDelayed;
  private final Timer pubackLatency;

  /** Meters in a registry of their own, for tests and tools that read {@link #snapshot()}. */
  public GatewayCounters() {
    this(new SimpleMeterRegistry());
  }

  public GatewayCounters(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    connectionsAccepted = counter("connect.accepted", "CONNECTs accepted");
    connectRefusals = Counter.builder(PREFIX + "connect.refusals")
        .description("CONNECTs refused, by reason").withRegistry(registry);
    messages = Counter.builder(PREFIX + "messages")
        .description("Device messages stored, by kind and outcome (stored or duplicate)")
        .withRegistry(registry);
    rejections = Counter.builder(PREFIX + "rejections")
        .description("Device messages refused and quarantined, by reason").withRegistry(registry);
    storeFailures = counter("store.failures", "Messages that could not be stored; the device resends");
    readsPaused = counter("reads.paused", "Times a connection's socket reads were paused");
    rateDelayed = counter("rate.delayed", "Messages held back by the per-device publish rate");
    pubackLatency = Timer.builder(PREFIX + "puback.latency")
        .description("From a PUBLISH arriving to its acknowledgement being written")
        .publishPercentileHistogram()
        .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500))
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /** Publishes the number of open device connections as the gauge {@code anxin.gateway.connections}. */
  public void countConnections(IntSupplier openConnections) {
    Objects.requireNonNull(openConnections, "openConnections");
    Gauge.builder(PREFIX + "connections", openConnections::getAsInt)
        .description("Device connections open now")
        .register(registry);
  }

  public void connectionAccepted() {
    connectionsAccepted.increment();
  }

  public void connectionRefused(ConnectRefusalReason reason) {
    connectRefusals.withTag("reason", reason.name()).increment();
  }

  public void connectionRefused() {
    connectionRefused(ConnectRefusalReason.UNSPECIFIED);
  }

  /** A message of the given kind was stored, or recognised as one stored before. */
  public void eventStored(String kind, boolean duplicate) {
    messages.withTags("kind", kind, "outcome", duplicate ? "duplicate" : "stored").increment();
  }

  public void eventStored(boolean duplicate) {
    eventStored(UNSPECIFIED, duplicate);
  }

  /** A message was refused for the given reason (an {@code IngestOutcome.Refusal} name). */
  public void messageRefused(String reason) {
    rejections.withTag("reason", reason).increment();
  }

  public void messageRefused() {
    messageRefused(UNSPECIFIED);
  }

  public void storeFailed() {
    storeFailures.increment();
  }

  public void readsPaused() {
    readsPaused.increment();
  }

  public void rateDelayed() {
    rateDelayed.increment();
  }

  /** Starts timing one PUBLISH; hand the sample to {@link #acknowledged} when its ack is written. */
  public Timer.Sample publishArrived() {
    return Timer.start(registry);
  }

  public void acknowledged(Timer.Sample arrived) {
    arrived.stop(pubackLatency);
  }

  /** Running totals under stable keys, for tests and diagnostics. */
  public Map<String, Long> snapshot() {
    return Map.of(
        "connectionsAccepted", (long) connectionsAccepted.count(),
        "connectionsRefused", total("connect.refusals"),
        "eventsStored", total("messages", "outcome", "stored"),
        "duplicates", total("messages", "outcome", "duplicate"),
        "refusedMessages", total("rejections"),
        "storeFailures", (long) storeFailures.count(),
        "readsPaused", (long) readsPaused.count(),
        "rateDelayed", (long) rateDelayed.count());
  }

  private Counter counter(String name, String description) {
    return Counter.builder(PREFIX + name).description(description).register(registry);
  }

  private long total(String name, String... tags) {
    return (long) registry.find(PREFIX + name).tags(tags).counters().stream()
        .mapToDouble(Counter::count).sum();
  }
}
