package cn.anxin.sim;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Many devices at once on one or two event loops: connections held, messages sent and acknowledged. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Connects many devices (a few to 100,000) over MQTT 3.1.1 with a non-blocking client, "
                + "sends events at a given rate (or only holds the connections) and reports connections, "
                + "messages and PUBACK latency.",
            "多设备压测：按速率建立连接、发送事件（或仅保持连接），报告连接数、消息数与确认延迟。"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run completed and at least one device connected",
            "1:no device could connect", "2:invalid command line"})
final class LoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    DeviceSim parent;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "MQTT server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:ANXIN_MQTT_PORT:-1883}", paramLabel = "PORT",
            description = "MQTT server port (default: env ANXIN_MQTT_PORT, else 1883; now ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--devices", paramLabel = "N",
            description = "Number of devices (default: all lines of --credentials, else 100).")
    Integer devices;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "CSV file of deviceId,secret lines (blank, # and a deviceId,secret header skipped).")
    Path credentialsFile;

    @Option(names = "--secret", paramLabel = "SECRET",
            description = "One secret shared by all devices named by --id-pattern.")
    String sharedSecret;

    @Option(names = "--id-pattern", defaultValue = "load-%05d", paramLabel = "PATTERN",
            description = "Device ids with --secret: a String.format pattern of the index (default: ${DEFAULT-VALUE}).")
    String idPattern;

    @Option(names = "--first-index", defaultValue = "1", paramLabel = "N",
            description = "First index for --id-pattern (default: ${DEFAULT-VALUE}).")
    int firstIndex;

    @Option(names = "--local-addresses", paramLabel = "LIST",
            description = "Source addresses to spread connections over, e.g. 127.0.0.2-127.0.0.20 or "
                    + "10.0.0.5,10.0.0.6 (one address gives only ~28,000 ephemeral ports).")
    String localAddresses;

    @Option(names = "--connect-rate", defaultValue = "500", paramLabel = "PER_SECOND",
            description = "New connections per second while ramping up (default: ${DEFAULT-VALUE}).")
    double connectRate;

    @Option(names = "--rate", defaultValue = "0.1", paramLabel = "PER_SECOND",
            description = "Messages per second per device (default: ${DEFAULT-VALUE}; 0 sends nothing).")
    double rate;

    @Option(names = "--qos", defaultValue = "1", paramLabel = "0|1",
            description = "QoS of the events (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "--mix", defaultValue = "heartbeat=95,fall=1,water=4", paramLabel = "KIND=WEIGHT,...",
            description = "Event kinds and weights among heartbeat, fall, water (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--duration", defaultValue = "60", paramLabel = "SECONDS",
            description = "How long to run, ramp included (default: ${DEFAULT-VALUE}); Ctrl-C or SIGTERM "
                    + "ends the run early and still prints the report.")
    double durationSeconds;

    @Option(names = "--hold",
            description = "Only connect and hold the connections (keep-alive only), sending nothing.")
    boolean hold;

    @Option(names = "--reconnect", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Reconnect after a drop or a failed attempt, with back-off (default: on). "
                    + "A refused CONNACK for bad credentials or no authorization is never retried.")
    boolean reconnect;

    @Option(names = "--reconnect-delay", defaultValue = "1", paramLabel = "SECONDS",
            description = "First back-off step, doubled per failure (default: ${DEFAULT-VALUE}).")
    double reconnectDelaySeconds;

    @Option(names = "--reconnect-max", defaultValue = "30", paramLabel = "SECONDS",
            description = "Longest back-off (default: ${DEFAULT-VALUE}).")
    double reconnectMaxSeconds;

    @Option(names = "--churn", defaultValue = "0", paramLabel = "SHARE",
            description = "Share of devices (0..1) that disconnect and reconnect every --churn-every "
                    + "(default: ${DEFAULT-VALUE}).")
    double churn;

    @Option(names = "--churn-every", defaultValue = "10", paramLabel = "SECONDS",
            description = "Churn period (default: ${DEFAULT-VALUE}).")
    double churnEverySeconds;

    @Option(names = "--keep-alive", defaultValue = "60", paramLabel = "SECONDS",
            description = "MQTT keep-alive (default: ${DEFAULT-VALUE}; 0 turns it off).")
    int keepAlive;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Wait for CONNACK, for each PUBACK, and for the last PUBACKs at the end "
                    + "(default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--max-inflight", defaultValue = "10", paramLabel = "N",
            description = "Unacknowledged QoS 1 messages per device before ticks are skipped (default: ${DEFAULT-VALUE}).")
    int maxInflight;

    @Option(names = "--event-loops", defaultValue = "2", paramLabel = "1|2",
            description = "Event loop threads (default: ${DEFAULT-VALUE}).")
    int eventLoops;

    @Option(names = "--progress", defaultValue = "5", paramLabel = "SECONDS",
            description = "Progress line period (default: ${DEFAULT-VALUE}; 0: none).")
    double progressSeconds;

    @Option(names = "--json", description = "Print the final report as JSON (progress lines go to stderr).")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        LoadSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = json ? spec.commandLine().getErr() : out;
        LoadRun run = new LoadRun(settings);
        // Ctrl-C or SIGTERM ends the run early; the report is still printed.
        java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            run.requestStop();
            try {
                reported.await(settings.timeout().toSeconds() + 20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "device-sim-load-stop");
        boolean hooked = parent != null && parent.stopOnShutdown;
        if (hooked) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            LoadReport report = run.run(progress);
            out.print(json ? report.json() + System.lineSeparator() : report.text());
            out.flush();
            return report.connectionsAccepted() > 0 ? DeviceSim.EXIT_OK : DeviceSim.EXIT_FAILED;
        } finally {
            reported.countDown();
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running
                }
            }
        }
    }

    private LoadSettings settings() {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port must be 1..65535, was " + port);
        }
        if (devices != null && (devices < 1 || devices > 1_000_000)) {
            throw new IllegalArgumentException("--devices must be 1..1000000, was " + devices);
        }
        List<DeviceCredential> credentials;
        if (credentialsFile != null && sharedSecret != null) {
            throw new IllegalArgumentException("give either --credentials or --secret, not both");
        } else if (credentialsFile != null) {
            credentials = LoadCredentials.fromCsv(credentialsFile);
            if (devices != null && devices > credentials.size()) {
                throw new IllegalArgumentException("--devices " + devices + " but " + credentialsFile + " holds only "
                        + credentials.size() + " devices");
            }
            if (devices != null) {
                credentials = credentials.subList(0, devices);
            }
        } else if (sharedSecret != null) {
            if (firstIndex < 0) {
                throw new IllegalArgumentException("--first-index must be 0 or more, was " + firstIndex);
            }
            credentials = LoadCredentials.fromPattern(idPattern, firstIndex, devices == null ? 100 : devices,
                    sharedSecret);
        } else {
            throw new IllegalArgumentException("missing credentials: give --credentials FILE or --secret SECRET");
        }
        if (!(connectRate > 0) || connectRate > 1_000_000) {
            throw new IllegalArgumentException("--connect-rate must be more than 0 (and at most 1000000), was "
                    + connectRate);
        }
        if (!(rate >= 0) || rate > 1000) {
            throw new IllegalArgumentException("--rate must be 0..1000 messages per second per device, was " + rate);
        }
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("--qos must be 0 or 1, was " + qos);
        }
        if (!(churn >= 0 && churn <= 1)) {
            throw new IllegalArgumentException("--churn must be a share between 0 and 1, was " + churn);
        }
        if (keepAlive < 0 || keepAlive > 65535) {
            throw new IllegalArgumentException("--keep-alive must be 0..65535 seconds, was " + keepAlive);
        }
        if (maxInflight < 1 || maxInflight > 65535) {
            throw new IllegalArgumentException("--max-inflight must be 1..65535, was " + maxInflight);
        }
        if (eventLoops != 1 && eventLoops != 2) {
            throw new IllegalArgumentException("--event-loops must be 1 or 2, was " + eventLoops);
        }
        Duration reconnectDelay = DeviceSim.seconds(spec, "--reconnect-delay", reconnectDelaySeconds, false);
        Duration reconnectMax = DeviceSim.seconds(spec, "--reconnect-max", reconnectMaxSeconds, false);
        if (reconnectMax.compareTo(reconnectDelay) < 0) {
            throw new IllegalArgumentException("--reconnect-max must not be below --reconnect-delay");
        }
        return new LoadSettings(host, port, List.copyOf(credentials),
                localAddresses == null ? List.of() : LocalAddresses.parse(localAddresses),
                connectRate, hold ? 0 : rate, qos, PayloadMix.parse(mix),
                DeviceSim.seconds(spec, "--duration", durationSeconds, false), hold, reconnect,
                reconnectDelay, reconnectMax, churn,
                DeviceSim.seconds(spec, "--churn-every", churnEverySeconds, false), keepAlive,
                DeviceSim.seconds(spec, "--timeout", timeoutSeconds, false), maxInflight, eventLoops,
                DeviceSim.seconds(spec, "--progress", progressSeconds, true));
    }
}
