package cn.anxin.sim.scenario;

import cn.anxin.sim.MqttDevice;
import cn.anxin.sim.MqttDeviceException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays a plan over MQTT, paced by the platform's clock: each event is published when the
 * platform's time reaches its {@code ts} (meal history at once). Devices connect first, in
 * parallel; events go out on a few publishing lanes (one device always on the same lane, so its
 * messages keep their order). A progress line is printed every few seconds.
 */
public final class ScenarioRunner implements AutoCloseable {

    private static final DateTimeFormatter PROGRESS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final int LANES = 8;
    private static final int MAX_QUEUED = 20_000;

    /** What was sent. */
    public record Outcome(long sent, long failed, Map<String, Long> sentByKind, int incidentsInjected, Duration took) {
    }

    private final ScenarioPlan plan;
    private final Map<String, String> secrets;
    private final PlatformApi.ClockReading clock;
    private final String host;
    private final int port;
    private final int mqttVersion;
    private final PrintStream out;
    private final Duration progressEvery;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Map<String, MqttDevice> devices = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** The latest {@code ts} published, in epoch milliseconds. */
    private final AtomicLong lastSentAt = new AtomicLong(Long.MIN_VALUE);
    private final Map<String, AtomicLong> byKind = new ConcurrentHashMap<>();
    private final Semaphore queued = new Semaphore(MAX_QUEUED);
    private final List<ExecutorService> lanes = new ArrayList<>();

    public ScenarioRunner(ScenarioPlan plan, Map<String, String> secrets, PlatformApi.ClockReading clock, String host,
                          int port, int mqttVersion, PrintStream out, Duration progressEvery) {
        this.plan = plan;
        this.secrets = Map.copyOf(secrets);
        this.clock = clock;
        this.host = host;
        this.port = port;
        this.mqttVersion = mqttVersion;
        this.out = out;
        this.progressEvery = progressEvery;
    }

    /** Connects every device, plays the plan to its end (or until {@link #close()}) and disconnects. */
    public Outcome run() throws MqttDeviceException {
        long began = System.nanoTime();
        try {
            connectAll();
            for (int i = 0; i < LANES; i++) {
                int lane = i;
                lanes.add(Executors.newSingleThreadExecutor(r -> {
                    Thread thread = new Thread(r, "scenario-lane-" + lane);
                    thread.setDaemon(true);
                    return thread;
                }));
            }
            Map<String, Integer> laneOf = new LinkedHashMap<>();
            secrets.keySet().stream().sorted().forEach(id -> laneOf.put(id, laneOf.size() % LANES));
            long nextProgress = System.nanoTime() + progressEvery.toNanos();
            for (SimEvent event : plan.events()) {
                long due = clock.nanoTimeOf(event.at());
                while (!stop.get()) {
                    long now = System.nanoTime();
                    if (now - nextProgress >= 0) {
                        progress(clock.at(now));
                        nextProgress = now + progressEvery.toNanos();
                    }
                    if (due - now <= 0) {
                        break;
                    }
                    LockSupport.parkNanos(Math.min(due - now, Math.min(200_000_000L, Math.max(0, nextProgress - now))));
                }
                if (stop.get() || Thread.currentThread().isInterrupted()) {
                    break;
                }
                queued.acquireUninterruptibly();
                lanes.get(laneOf.getOrDefault(event.deviceId(), 0)).execute(() -> {
                    try {
                        publish(event);
                    } finally {
                        queued.release();
                    }
                });
            }
            // let the lanes drain, then wait until the platform's clock passes the end
            queued.acquireUninterruptibly(MAX_QUEUED);
            queued.release(MAX_QUEUED);
            long endDue = clock.nanoTimeOf(plan.end());
            while (!stop.get() && endDue - System.nanoTime() > 0) {
                LockSupport.parkNanos(Math.min(endDue - System.nanoTime(), 200_000_000L));
            }
            progress(clock.now());
            Map<String, Long> kinds = new TreeMap<>();
            byKind.forEach((kind, count) -> kinds.put(kind, count.get()));
            return new Outcome(sent.get(), failed.get(), kinds, injected(clock.now()),
                    Duration.ofNanos(System.nanoTime() - began));
        } finally {
            lanes.forEach(ExecutorService::shutdownNow);
            for (ExecutorService lane : lanes) {
                try {
                    lane.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            devices.values().forEach(MqttDevice::close);
            devices.clear();
        }
    }

    /** Stops {@link #run()} at its next event. */
    @Override
    public void close() {
        stop.set(true);
    }

    private void connectAll() throws MqttDeviceException {
        ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
            Thread thread = new Thread(r, "scenario-connect");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Void>> connecting = new ArrayList<>();
            for (Map.Entry<String, String> device : secrets.entrySet()) {
                connecting.add(CompletableFuture.runAsync(() -> {
                    try {
                        devices.put(device.getKey(), MqttDevice.connect(host, port, device.getKey(), device.getValue(),
                                mqttVersion));
                    } catch (MqttDeviceException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, pool));
            }
            for (CompletableFuture<Void> future : connecting) {
                try {
                    future.join();
                } catch (java.util.concurrent.CompletionException e) {
                    devices.values().forEach(MqttDevice::close);
                    devices.clear();
                    if (e.getCause() instanceof MqttDeviceException m) {
                        throw m;
                    }
                    throw e;
                }
            }
            out.printf("connected %d devices to %s:%d (MQTT %s)%n", devices.size(), host, port,
                    mqttVersion == 5 ? "5" : "3.1.1");
        } finally {
            pool.shutdownNow();
        }
    }

    /** On the device's lane: publish, reconnecting once when the connection was lost. */
    private void publish(SimEvent event) {
        byte[] payload = SimPayloads.bytes(event);
        for (int attempt = 0; attempt < 2; attempt++) {
            MqttDevice device = devices.get(event.deviceId());
            try {
                if (device == null || !device.isConnected()) {
                    if (device != null) {
                        device.close();
                    }
                    device = MqttDevice.connect(host, port, event.deviceId(), secrets.get(event.deviceId()), mqttVersion);
                    devices.put(event.deviceId(), device);
                }
                device.publish(event.kind(), payload);
                sent.incrementAndGet();
                lastSentAt.accumulateAndGet(event.at().toEpochMilli(), Math::max);
                byKind.computeIfAbsent(event.kind(), k -> new AtomicLong()).incrementAndGet();
                return;
            } catch (MqttDeviceException e) {
                if (e.failure() == MqttDeviceException.Failure.PUBLISH_REJECTED || attempt == 1) {
                    failed.incrementAndGet();
                    out.println("not sent: " + event.deviceId() + " " + event.kind() + " " + event.msgId() + ": "
                            + e.getMessage());
                    return;
                }
            }
        }
    }

    private int injected(Instant now) {
        return (int) plan.incidents().stream().filter(i -> !i.from().isAfter(now)).count();
    }

    private void progress(Instant platformNow) {
        ZonedDateTime local = platformNow.atZone(ScenarioPlan.ZONE);
        long day = Duration.between(plan.firstDay().atStartOfDay(ScenarioPlan.ZONE), local).toDays();
        long behindMinutes = queued.availablePermits() == MAX_QUEUED || lastSentAt.get() == Long.MIN_VALUE ? 0
                : Duration.between(Instant.ofEpochMilli(lastSentAt.get()), platformNow).toMinutes();
        out.printf("[%s] 模拟时间 simulated %s +08:00 (day %d of %d) | 已发送 sent %d, failed %d | 事件 incidents %d/%d%s%n",
                plan.file().name(), PROGRESS_TIME.format(local), Math.max(1, Math.min(day + 1, plan.file().days())),
                plan.file().days(), sent.get(), failed.get(), injected(platformNow), plan.incidents().size(),
                behindMinutes >= 10 ? " | 滞后 behind by " + behindMinutes + " simulated min (lower --clock-speed or"
                        + " fewer heartbeats)" : "");
        out.flush();
    }
}
