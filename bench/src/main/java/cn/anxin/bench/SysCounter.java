package cn.anxin.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Mosquitto's count of PUBLISH packets received ({@code $SYS/broker/publish/messages/received}),
 * read by one anonymous subscriber on the broker's $SYS tree. With {@code sys_interval 1} the broker
 * (2.0.11) publishes it every 2 s when it changed: one extra message to forward, whatever the
 * load, so counting costs the baseline nothing per message. Every QoS 1 PUBLISH of a publisher
 * increments it once (5,000 lines through {@code mosquitto_pub -l -q 1} move it by 5,000).
 */
final class SysCounter implements MqttCallback, AutoCloseable {

  static final String TOPIC = "$SYS/broker/publish/messages/received";

  private final MqttClient client;
  private volatile Target.Received latest = new Target.Received(0, System.nanoTime());
  private final List<Target.Received> samples = new ArrayList<>();

  private SysCounter(MqttClient client) {
    this.client = client;
  }

  static SysCounter subscribe(int port) throws MqttException {
    MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "bench-sys-counter",
        new MemoryPersistence());
    SysCounter counter = new SysCounter(client);
    client.setCallback(counter);
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    client.connect(options);
    client.subscribe(TOPIC, 0);
    return counter;
  }

  /** The latest value and when it arrived. */
  Target.Received latest() {
    return latest;
  }

  /** Waits (bounded) for the next value after now, so a count taken after a drain is current. */
  Target.Received next(long timeoutMillis) throws InterruptedException {
    Target.Received before = latest;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (latest == before && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return latest;
  }

  /**
   * Messages per second between two instants: the least-squares slope of the counts against their
   * arrival times. A value delayed on its way (the machine is busy) moves one end point by up to a
   * second; the slope over all of the window's values hardly moves. Empty with fewer than 3 values.
   */
  OptionalDouble rate(long fromNanos, long toNanos) {
    List<Target.Received> in;
    synchronized (samples) {
      in = samples.stream().filter(r -> r.atNanos() >= fromNanos && r.atNanos() <= toNanos).toList();
    }
    if (in.size() < 3) {
      return OptionalDouble.empty();
    }
    double mt = 0;
    double mc = 0;
    for (Target.Received r : in) {
      mt += (r.atNanos() - fromNanos) / 1e9;
      mc += r.count();
    }
    mt /= in.size();
    mc /= in.size();
    double stc = 0;
    double stt = 0;
    for (Target.Received r : in) {
      double t = (r.atNanos() - fromNanos) / 1e9 - mt;
      stc += t * (r.count() - mc);
      stt += t * t;
    }
    return stt == 0 ? OptionalDouble.empty() : OptionalDouble.of(stc / stt);
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    long now = System.nanoTime();
    try {
      long value = Long.parseLong(new String(message.getPayload(), StandardCharsets.US_ASCII).trim());
      latest = new Target.Received(value, now);
      synchronized (samples) {
        samples.add(latest);
      }
    } catch (NumberFormatException e) {
      // not a count: ignored
    }
  }

  @Override
  public void connectionLost(Throwable cause) {
    System.err.println("the $SYS subscriber lost its connection: " + cause);
  }

  @Override
  public void deliveryComplete(IMqttDeliveryToken token) {
    // subscribes only
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect(1_000);
      }
      client.close(true);
    } catch (MqttException e) {
      // closing anyway
    }
  }
}
