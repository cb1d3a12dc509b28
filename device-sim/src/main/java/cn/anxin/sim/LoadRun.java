package cn.anxin.sim;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a load: ramps device connections up at the connect rate on one or two event loops, lets them
 * publish (or just hold) for the duration, churns a share of them if asked, then waits for the PUBACKs
 * still due, disconnects everyone and reports.
 */
final class LoadRun {

    /** Vert.x and Netty log every refused or dropped connection; the report counts them instead. */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("io.vertx"), Logger.getLogger("io.netty"));

    private final LoadSettings settings;
    private final LoadStats stats = new LoadStats();
    private final Payloads payloads;
    private volatile boolean stopping;
    private volatile boolean stopRequested;

    LoadRun(LoadSettings settings) {
        this.settings = settings;
        String runTag = Long.toString(System.currentTimeMillis(), 36);
        AtomicLong counter = new AtomicLong();
        this.payloads = new Payloads(Clock.systemDefaultZone(), () -> "ld-" + runTag + "-" + counter.incrementAndGet());
    }

    LoadSettings settings() {
        return settings;
    }

    LoadStats stats() {
        return stats;
    }

    Payloads payloads() {
        return payloads;
    }

    /** Ends the run before its duration (from any thread); the report covers what happened so far. */
    void requestStop() {
        stopRequested = true;
    }

    boolean stopping() {
        return stopping;
    }

    LoadReport run(PrintWriter progress) throws InterruptedException {
        QUIET.forEach(l -> l.setLevel(Level.OFF));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(settings.eventLoops())
                .setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        try {
            return run(vertx, progress);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }

    private LoadReport run(Vertx vertx, PrintWriter progress) throws InterruptedException {
        Context[] loops = new Context[settings.eventLoops()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = vertx.getOrCreateContext(); // from a non-Vert.x thread: a new context, loops round robin
        }
        List<DeviceCredential> credentials = settings.devices();
        LoadDevice[] devices = new LoadDevice[credentials.size()];
        for (int i = 0; i < devices.length; i++) {
            devices[i] = new LoadDevice(this, loops[i % loops.length], credentials.get(i), settings.localAddressOf(i));
        }
        long startNanos = System.nanoTime();
        long durationNanos = settings.duration().toNanos();
        int launched = 0;
        long nextProgress = settings.progressEvery().isZero() ? Long.MAX_VALUE
                : startNanos + settings.progressEvery().toNanos();
        long nextChurn = settings.churn() > 0 ? startNanos + settings.churnEvery().toNanos() : Long.MAX_VALUE;
        long lastSent = 0;
        long lastProgress = startNanos;
        while (true) {
            long now = System.nanoTime();
            if (now - startNanos >= durationNanos || stopRequested) {
                break;
            }
            long due = (long) Math.min(devices.length, settings.connectsPerSecond() * (now - startNanos) / 1e9 + 1);
            while (launched < due) {
                devices[launched++].start();
            }
            if (now >= nextChurn) {
                nextChurn += settings.churnEvery().toNanos();
                int count = (int) Math.round(settings.churn() * launched);
                for (int i = 0; i < count; i++) {
                    devices[ThreadLocalRandom.current().nextInt(launched)].churn();
                }
            }
            if (now >= nextProgress) {
                long sent = stats.sent.sum();
                double rate = (sent - lastSent) / ((now - lastProgress) / 1e9);
                progress.println(progressLine(now - startNanos, launched, rate));
                progress.flush();
                lastSent = sent;
                lastProgress = now;
                nextProgress += settings.progressEvery().toNanos();
            }
            Thread.sleep(Math.max(1, Math.min(20, (startNanos + durationNanos - now) / 1_000_000)));
        }
        long publishEnd = System.nanoTime();
        stopping = true;
        for (LoadDevice device : devices) {
            device.stopPublishing();
        }
        long drainDeadline = System.nanoTime() + settings.timeout().toNanos();
        while (stats.inFlight.get() > 0 && System.nanoTime() < drainDeadline) {
            Thread.sleep(10);
        }
        Thread.sleep(50); // publishes already written whose write completion is still on its way
        int heldAtEnd = stats.held.get();
        for (LoadDevice device : devices) {
            device.leave();
        }
        long leaveDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stats.held.get() > 0 && System.nanoTime() < leaveDeadline) {
            Thread.sleep(10);
        }
        return LoadReport.of(settings, stats, heldAtEnd, (publishEnd - startNanos) / 1e9);
    }

    private String progressLine(long elapsedNanos, int launched, double rate) {
        return String.format(Locale.ROOT,
                "[%6.1fs] held 在线 %d/%d  started 已发起 %d  failed 失败 %d  dropped 断开 %d  sent 发送 %d"
                        + "  acked 确认 %d  %.1f msg/s",
                elapsedNanos / 1e9, stats.held.get(), settings.devices().size(), launched, stats.failed.sum(),
                stats.dropped.sum(), stats.sent.sum(), stats.acked.sum(), rate);
    }
}
