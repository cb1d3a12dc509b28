package cn.anxin.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What all publishers of one run share: counts of published, acknowledged and failed messages, and
 * the PUBACK latency (publish call to deliveryComplete) in microseconds. Written from many Paho
 * threads at once; read by the bench's clock thread.
 */
final class LoadStats {

  private final LongAdder published = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder clientBusy = new LongAdder();
  private final LongAdder connectionsLost = new LongAdder();
  /** Auto-resizing, 3 significant digits; the writers never block. */
  private final Recorder latencyMicros = new Recorder(3);

  void sent() {
    published.increment();
  }

  void acknowledged(long latencyNanos) {
    latencyMicros.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
    acknowledged.increment();
  }

  void failed() {
    failed.increment();
  }

  /** Paho refused a publish because its own in-flight window was full (not a lost message). */
  void clientBusy() {
    clientBusy.increment();
  }

  void connectionLost() {
    connectionsLost.increment();
  }

  long publishedCount() {
    return published.sum();
  }

  long acknowledgedCount() {
    return acknowledged.sum();
  }

  long failedCount() {
    return failed.sum();
  }

  long clientBusyCount() {
    return clientBusy.sum();
  }

  long connectionsLostCount() {
    return connectionsLost.sum();
  }

  /** Sent and neither acknowledged nor failed yet. */
  long outstanding() {
    return published.sum() - acknowledged.sum() - failed.sum();
  }

  /** The latencies recorded since the previous call (the first call covers the start). */
  Histogram takeLatencyInterval() {
    return latencyMicros.getIntervalHistogram();
  }
}
