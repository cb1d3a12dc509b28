package cn.anxin.sim;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A short, scripted demo: every device connects and sends a heartbeat; after {@code fallAfter}
 * the first device reports a fall in the bathroom (confidence 0.93); every {@code heartbeatInterval}
 * each device sends a heartbeat, until {@code duration} has passed (zero: until {@link #close()}
 * or interruption). Devices connect in parallel and all times count from the moment every device
 * is connected. One human line per action goes to the log stream.
 *
 * <p>{@link #run()} blocks the calling thread; {@link #close()} may be called from any other
 * thread to stop it, and returns once the devices are disconnected. A scenario runs once.
 */
public final class DemoScenario implements AutoCloseable {

    static final String FIRMWARE = "anxin-sim-0.1.0";
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** How many events the server acknowledged and how many failed. */
    public record Outcome(int acknowledged, int failed) {
    }

    private final DemoSettings settings;
    private final PrintStream log;
    private final Clock clock;
    private final Payloads payloads;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Thread runner;
    private int acknowledged;
    private int failed;

    public DemoScenario(DemoSettings settings, PrintStream log) {
        this(settings, log, Clock.systemDefaultZone());
    }

    /** {@code clock} stamps the events ({@code ts}) and the log lines. */
    public DemoScenario(DemoSettings settings, PrintStream log, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.payloads = new Payloads(clock);
    }

    /**
     * Plays the scenario on the calling thread until the duration ends, {@link #close()} is
     * called or the thread is interrupted (the interrupt flag is then kept set).
     *
     * @throws MqttDeviceException if a device cannot connect at the start (the others are disconnected)
     */
    public Outcome run() throws MqttDeviceException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a DemoScenario runs only once");
        }
        runner = Thread.currentThread();
        List<Member> members = new ArrayList<>();
        try {
            if (stopRequested()) {
                return outcome();
            }
            members.addAll(connectAll());
            long start = System.nanoTime();
            members.forEach(this::heartbeat);
            schedule(members, start);
            return outcome();
        } finally {
            members.forEach(Member::disconnect);
            say("demo finished: " + acknowledged + " events acknowledged, " + failed + " failed");
            finished.countDown();
        }
    }

    /** Stops {@link #run()} and waits (bounded) until its devices are disconnected. */
    @Override
    public void close() {
        stop.countDown();
        if (started.get() && Thread.currentThread() != runner) {
            try {
                finished.await(MqttDevice.DEFAULT_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Connects every device at once (Paho needs ~0.3 s per connection); all or none stay connected. */
    private List<Member> connectAll() throws MqttDeviceException {
        List<DeviceCredential> devices = settings.devices();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(devices.size(), 8), runnable -> {
            Thread thread = new Thread(runnable, "demo-connect");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Member>> connecting = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                DeviceCredential credential = devices.get(i);
                int battery = 100 - 3 * i;
                connecting.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return new Member(credential, battery, connect(credential));
                    } catch (MqttDeviceException e) {
                        throw new CompletionException(e);
                    }
                }, pool));
            }
            List<Member> members = new ArrayList<>();
            MqttDeviceException firstFailure = null;
            for (CompletableFuture<Member> future : connecting) {
                try {
                    members.add(future.join());
                } catch (CompletionException e) {
                    if (firstFailure == null) {
                        firstFailure = e.getCause() instanceof MqttDeviceException m ? m
                                : new MqttDeviceException(MqttDeviceException.Failure.CLIENT_ERROR,
                                        MqttDeviceException.NO_REASON_CODE, String.valueOf(e.getCause()), e);
                    }
                }
            }
            if (firstFailure != null) {
                members.forEach(Member::disconnect);
                throw firstFailure;
            }
            return members;
        } finally {
            pool.shutdown();
        }
    }

    private void schedule(List<Member> members, long start) {
        long interval = settings.heartbeatInterval().toNanos();
        long fallAt = start + settings.fallAfter().toNanos();
        long nextBeat = start + interval;
        boolean endless = settings.duration().isZero();
        long end = start + (endless ? 0 : settings.duration().toNanos());
        boolean fallPending = true;
        while (!stopRequested()) {
            long now = System.nanoTime();
            if (!endless && now - end >= 0) {
                return;
            }
            if (fallPending && now - fallAt >= 0) {
                fallPending = false;
                fall(members.get(0));
            } else if (now - nextBeat >= 0) {
                members.forEach(this::heartbeat);
                while (System.nanoTime() - nextBeat >= 0) {
                    nextBeat += interval;
                }
            } else {
                long wait = nextBeat - now;
                if (fallPending) {
                    wait = Math.min(wait, fallAt - now);
                }
                if (!endless) {
                    wait = Math.min(wait, end - now);
                }
                awaitStop(wait);
            }
        }
    }

    private void fall(Member member) {
        publish(member, payloads.fall(0.93, "bathroom"));
    }

    private void heartbeat(Member member) {
        publish(member, payloads.heartbeat(member.battery, FIRMWARE));
        member.battery = Math.max(5, member.battery - 1);
    }

    private void publish(Member member, EventPayload event) {
        String action = member.credential.deviceId() + " -> " + event.kind() + " (msgId=" + event.msgId() + ")";
        if (member.device == null || !member.device.isConnected()) {
            member.disconnect();
            try {
                member.device = connect(member.credential);
            } catch (MqttDeviceException e) {
                failed++;
                say(action + " not sent: " + e.getMessage());
                return;
            }
        }
        try {
            member.device.publish(event.kind(), event.json());
            acknowledged++;
            say(action + " acknowledged");
        } catch (MqttDeviceException e) {
            failed++;
            say(action + " failed: " + e.getMessage());
        }
    }

    private MqttDevice connect(DeviceCredential credential) throws MqttDeviceException {
        MqttDevice device = MqttDevice.connect(settings.host(), settings.port(), credential.deviceId(),
                credential.secret(), settings.mqttVersion());
        say(credential.deviceId() + " connected to " + settings.host() + ":" + settings.port()
                + (settings.mqttVersion() == 5 ? " (MQTT 5.0)" : " (MQTT 3.1.1)"));
        return device;
    }

    private boolean stopRequested() {
        return stop.getCount() == 0 || Thread.currentThread().isInterrupted();
    }

    private void awaitStop(long nanos) {
        try {
            stop.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Outcome outcome() {
        return new Outcome(acknowledged, failed);
    }

    private void say(String line) {
        log.println(CLOCK_TIME.format(LocalTime.now(clock)) + " " + line);
        log.flush();
    }

    /** One device of the demo and its connection, if open. */
    private static final class Member {
        final DeviceCredential credential;
        MqttDevice device;
        int battery;

        Member(DeviceCredential credential, int battery, MqttDevice device) {
            this.credential = credential;
            this.battery = Math.max(20, battery);
            this.device = device;
        }

        void disconnect() {
            if (device != null) {
                device.close();
                device = null;
            }
        }
    }
}
