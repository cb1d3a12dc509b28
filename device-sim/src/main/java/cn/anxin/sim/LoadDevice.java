package cn.anxin.sim;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One simulated device of a load run. Everything it does runs on its own Vert.x context (one of the
 * run's event loops), so its fields need no locks: connect, publish on a timer, count PUBACKs and
 * their latency, and reconnect with back-off after a drop.
 */
final class LoadDevice {

    private final LoadRun run;
    private final LoadSettings settings;
    private final LoadStats stats;
    private final Vertx vertx;
    private final Context context;
    private final DeviceCredential credential;
    private final String localAddress;
    private final Map<Integer, Long> sentAt = new HashMap<>();
    /** PUBACKs that overtook the completion of their PUBLISH's write (should not happen; counted anyway). */
    private final java.util.Set<Integer> earlyAcks = new java.util.HashSet<>();

    private MqttClient client;
    private boolean connected;
    private boolean leaving;
    private boolean everConnected;
    private long publishTimer = -1;
    private int failuresInARow;
    private double registerL = ThreadLocalRandom.current().nextInt(0, 100_000);

    LoadDevice(LoadRun run, Context context, DeviceCredential credential, String localAddress) {
        this.run = run;
        this.settings = run.settings();
        this.stats = run.stats();
        this.vertx = context.owner();
        this.context = context;
        this.credential = credential;
        this.localAddress = localAddress;
    }

    /** Starts connecting (from any thread). */
    void start() {
        context.runOnContext(v -> connect());
    }

    /** Stops publishing; connections stay open (from any thread). */
    void stopPublishing() {
        context.runOnContext(v -> cancelPublishing());
    }

    /** Disconnects for good (from any thread). */
    void leave() {
        context.runOnContext(v -> {
            leaving = true;
            cancelPublishing();
            if (client != null) {
                MqttClient c = client;
                if (!connected) {
                    client = null;
                }
                c.disconnect();
            }
        });
    }

    /** If connected, disconnects cleanly and reconnects after the first back-off step (from any thread). */
    void churn() {
        context.runOnContext(v -> {
            if (connected && !leaving && !run.stopping()) {
                stats.churned.increment();
                MqttClient c = client;
                dropped(c);
                c.disconnect();
                scheduleReconnect(settings.reconnectDelay().toMillis());
            }
        });
    }

    private void connect() {
        if (leaving || run.stopping()) {
            return;
        }
        stats.attempted.increment();
        if (everConnected) {
            stats.reconnects.increment();
        }
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(credential.deviceId())
                .setUsername(credential.deviceId())
                .setPassword(credential.secret())
                .setCleanSession(true)
                .setKeepAliveInterval(settings.keepAliveSeconds())
                .setAutoKeepAlive(settings.keepAliveSeconds() > 0)
                .setMaxInflightQueue(Math.max(1, settings.maxInflight()))
                .setAckTimeout((int) Math.max(1, settings.timeout().toSeconds()));
        options.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()));
        if (localAddress != null) {
            options.setLocalAddress(localAddress);
        }
        MqttClient c = MqttClient.create(vertx, options);
        client = c;
        c.publishCompletionHandler(this::acknowledged);
        c.publishCompletionExpirationHandler(id -> {
            if (sentAt.remove(id) != null) {
                stats.inFlight.decrementAndGet();
                stats.ackTimeouts.increment();
            }
        });
        c.exceptionHandler(e -> { }); // the close that follows is what counts
        c.closeHandler(v -> {
            if (c == client && connected) {
                dropped(c);
                if (!leaving && !run.stopping()) {
                    stats.dropped.increment();
                    scheduleReconnect(nextBackOff());
                }
            }
        });
        long connackTimer = vertx.setTimer(settings.timeout().toMillis(), t -> {
            if (c == client && !connected) {
                client = null;
                stats.failed("no CONNACK in time");
                c.disconnect();
                retryAfterFailure(true);
            }
        });
        c.connect(settings.port(), settings.host()).onComplete(ar -> {
            vertx.cancelTimer(connackTimer);
            if (c != client) {
                if (ar.succeeded()) {
                    c.disconnect(); // late CONNACK after we gave up, or after leave()
                }
                return;
            }
            if (ar.succeeded()) {
                connected = true;
                everConnected = true;
                failuresInARow = 0;
                stats.connected();
                if (leaving) {
                    c.disconnect();
                } else {
                    schedulePublishing();
                }
                return;
            }
            client = null;
            Throwable cause = ar.cause();
            stats.failed(reason(cause));
            retryAfterFailure(!permanent(cause));
        });
    }

    private void retryAfterFailure(boolean retry) {
        if (retry && settings.reconnect() && !leaving && !run.stopping()) {
            scheduleReconnect(nextBackOff());
        }
    }

    private void dropped(MqttClient c) {
        connected = false;
        cancelPublishing();
        stats.held.decrementAndGet();
        earlyAcks.clear();
        int lost = sentAt.size();
        if (lost > 0) {
            stats.inFlight.addAndGet(-lost);
            stats.lostInFlight.add(lost);
            sentAt.clear();
        }
        if (client == c) {
            client = null;
        }
    }

    private void scheduleReconnect(long delayMillis) {
        if (!settings.reconnect() || leaving || run.stopping()) {
            return;
        }
        vertx.setTimer(Math.max(1, delayMillis), t -> connect());
    }

    /** Exponential back-off from --reconnect-delay up to --reconnect-max, with jitter (50-100 %). */
    private long nextBackOff() {
        long base = settings.reconnectDelay().toMillis();
        long max = settings.reconnectMaxDelay().toMillis();
        long delay = base << Math.min(failuresInARow, 20);
        failuresInARow++;
        delay = Math.min(Math.max(delay, 1), max);
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    private void schedulePublishing() {
        if (settings.hold() || settings.messagesPerSecond() <= 0 || run.stopping()) {
            return;
        }
        long period = Math.max(1, Math.round(1000.0 / settings.messagesPerSecond()));
        long first = 1 + ThreadLocalRandom.current().nextLong(period);
        publishTimer = vertx.setTimer(first, t -> {
            publishOne();
            if (connected && !run.stopping()) {
                publishTimer = vertx.setPeriodic(period, p -> publishOne());
            }
        });
    }

    private void cancelPublishing() {
        if (publishTimer >= 0) {
            vertx.cancelTimer(publishTimer);
            publishTimer = -1;
        }
    }

    private void publishOne() {
        MqttClient c = client;
        if (!connected || c == null || run.stopping()) {
            return;
        }
        if (settings.qos() == 1 && sentAt.size() >= settings.maxInflight()) {
            stats.skipped.increment();
            return;
        }
        String kind = settings.mix().pick();
        if (Payloads.WATER.equals(kind)) {
            registerL += 1;
        }
        EventPayload event = PayloadMix.build(run.payloads(), kind, registerL);
        String topic = MqttDevice.eventTopic(credential.deviceId(), kind);
        long start = System.nanoTime();
        c.publish(topic, Buffer.buffer(event.json()), MqttQoS.valueOf(settings.qos()), false, false)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        stats.publishErrors.increment();
                        return;
                    }
                    stats.sent.increment();
                    if (settings.qos() == 1 && earlyAcks.remove(ar.result())) {
                        stats.acked.increment();
                    } else if (settings.qos() == 1 && c == client && connected) {
                        sentAt.put(ar.result(), start);
                        stats.inFlight.incrementAndGet();
                    }
                });
    }

    private void acknowledged(int packetId) {
        Long start = sentAt.remove(packetId);
        if (start == null) {
            earlyAcks.add(packetId);
            return;
        }
        stats.inFlight.decrementAndGet();
        stats.acked.increment();
        stats.latencyMicros.recordValue(Math.max(0, (System.nanoTime() - start) / 1_000));
    }

    private static boolean permanent(Throwable cause) {
        if (cause instanceof MqttConnectionException refused) {
            int code = refused.code().byteValue();
            return code == 1 || code == 2 || code == 4 || code == 5;
        }
        return false;
    }

    static String reason(Throwable cause) {
        if (cause instanceof MqttConnectionException refused) {
            return ReasonCodes.connack(3, refused.code().byteValue());
        }
        String message = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("connection refused")) {
            return "TCP connection refused";
        }
        if (message.contains("cannot assign requested address")) {
            return "no local port left (cannot assign requested address)";
        }
        if (message.contains("too many open files")) {
            return "too many open files (this process)";
        }
        if (message.contains("timed out")) {
            return "TCP connect timed out";
        }
        if (message.contains("closed")) {
            return "connection closed before CONNACK";
        }
        return "connect failed: " + cause.getClass().getSimpleName();
    }
}
