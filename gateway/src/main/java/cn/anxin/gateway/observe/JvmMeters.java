package cn.anxin.gateway.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;

/** The JVM's memory, garbage collection, threads and CPU, bound to a registry until closed. */
public final class JvmMeters implements AutoCloseable {

  private final JvmGcMetrics gc;

  private JvmMeters(JvmGcMetrics gc) {
    this.gc = gc;
  }

  public static JvmMeters bindTo(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return new JvmMeters(gc);
  }

  /** Stops listening for garbage collections (the other binders only poll). */
  @Override
  public void close() {
    gc.close();
  }
}
