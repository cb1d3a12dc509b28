package cn.anxin.bench;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One device publishing QoS 1 messages as fast as its in-flight window allows: a Paho
 * {@link MqttAsyncClient} (MQTT 3.1.1, clean session, in-memory persistence) and a thread that keeps
 * up to {@code maxInflight} messages unacknowledged. Latency runs from the publish call to Paho's
 * deliveryComplete for that message (the PUBACK).
 */
final class Publisher implements MqttCallback {


  private final BenchDevice device;
  private final MqttAsyncClient client;
  private final int maxInflight;
  private final Semaphore window;
  private final LoadStats stats;
  private final int fallEvery;
  private final String heartbeatTopic;
  private final String fallTopic;
  private final IMqttActionListener failures;
  private volatile boolean stopped;
  private boolean closed;
  private Thread driver;
  private long sequence;

  Publisher(String serverUri, BenchDevice device, int maxInflight, int fallEvery, LoadStats stats)
      throws MqttException {
    this.device = device;
    this.client = new MqttAsyncClient(serverUri, device.id(), new MemoryPersistence());
    this.maxInflight = maxInflight;
    this.window = new Semaphore(maxInflight);
    this.stats = stats;
    this.fallEvery = fallEvery;
    this.heartbeatTopic = Payloads.topic(device.id(), "heartbeat");
    this.fallTopic = Payloads.topic(device.id(), "fall");
    this.failures = new IMqttActionListener() {
      @Override
      public void onSuccess(IMqttToken token) {
        // counted in deliveryComplete
      }

      @Override
      public void onFailure(IMqttToken token, Throwable cause) {
        stats.failed();
        window.release();
      }
    };
    client.setCallback(this);
  }

  /** Connects and waits for the CONNACK (bounded). */
  IMqttToken connect() throws MqttException {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    options.setUserName(device.id());
    options.setPassword(device.secret().toCharArray());
    options.setMaxInflight(maxInflight);
    options.setKeepAliveInterval(60);
    options.setConnectionTimeout(30);
    options.setAutomaticReconnect(false);
    return client.connect(options);
  }

  /** Starts publishing on its own thread until {@link #stop()}, the deadline or the message cap. */
  void start(long deadlineNanos, long maxMessages) {
    driver = new Thread(() -> drive(deadlineNanos, maxMessages), "bench-pub-" + device.id());
    driver.setDaemon(true);
    driver.start();
  }

  private void drive(long deadlineNanos, long maxMessages) {
    while (!stopped && sequence < maxMessages && System.nanoTime() < deadlineNanos) {
      try {
        if (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
          continue;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (stopped || !client.isConnected()) {
        window.release();
        return;
      }
      long seq = sequence + 1;
      boolean fall = fallEvery > 0 && seq % fallEvery == 0;
      String msgId = Payloads.msgId(device.id(), seq);
      byte[] payload = fall ? Payloads.fall(msgId, seq) : Payloads.heartbeat(msgId, seq);
      long start = System.nanoTime();
      try {
        client.publish(fall ? fallTopic : heartbeatTopic, payload, 1, false, start, failures);
        sequence = seq;
        stats.sent();
      } catch (MqttException e) {
        window.release();
        if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
          // Paho's own window is full a moment longer than ours; not sent, so the msgId is reused.
          stats.clientBusy();
          Thread.onSpinWait();
        } else {
          System.err.printf("publish by %s failed: %s%n", device.id(), e);
          return;
        }
      }
    }
  }

  @Override
  public void deliveryComplete(IMqttDeliveryToken token) {
    if (token.getUserContext() instanceof Long start) {
      stats.acknowledged(System.nanoTime() - start);
      window.release();
    }
  }

  @Override
  public void connectionLost(Throwable cause) {
    stats.connectionLost();
    System.err.printf("connection of %s lost: %s%n", device.id(), cause);
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    // publishers subscribe to nothing
  }

  /** Stops sending new messages; those in flight may still be acknowledged. */
  void stop() {
    stopped = true;
  }

  void awaitDriver(long millis) throws InterruptedException {
    if (driver != null) {
      driver.join(millis);
    }
  }

  /** Disconnects (bounded) and frees the client's threads; once. */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopped = true;
    try {
      if (client.isConnected()) {
        client.disconnect(1_000).waitForCompletion(5_000);
      }
    } catch (MqttException e) {
      // closing anyway
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // nothing more to free
    }
  }
}
