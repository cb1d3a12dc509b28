package cn.anxin.sim;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command line of the simulated device: {@code fall}, {@code heartbeat}, {@code demo}, {@code load},
 * {@code scenario} and {@code verify}.
 */
@Command(name = "device-sim", mixinStandardHelpOptions = true,
        versionProvider = DeviceSim.Version.class,
        description = "Simulated Anxin care device speaking the MQTT contract v1.",
        subcommands = {FallCommand.class, HeartbeatCommand.class, DemoCommand.class, LoadCommand.class,
            ScenarioCommand.class, VerifyCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the server acknowledged every event",
            "1:an event could not be sent, or the server is unreachable or dropped the connection",
            "2:invalid command line",
            "3:the server refused the connection (CONNACK)",
            "4:the server rejected an event (MQTT 5 PUBACK reason code >= 0x80)",
            "5:no CONNACK or PUBACK in time"})
public final class DeviceSim implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_REFUSED = 3;
    public static final int EXIT_REJECTED = 4;
    public static final int EXIT_TIMEOUT = 5;

    final PrintStream out;
    final boolean stopOnShutdown;

    @Spec
    CommandSpec spec;

    private DeviceSim(PrintStream out, boolean stopOnShutdown) {
        this.out = out;
        this.stopOnShutdown = stopOnShutdown;
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, true, args));
    }

    /** Runs the command line in-process and returns its exit code; never calls System.exit. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        return execute(out, err, false, args);
    }

    private static int execute(PrintStream out, PrintStream err, boolean standalone, String... args) {
        Charset charset = Charset.defaultCharset();
        CommandLine commandLine = new CommandLine(new DeviceSim(out, standalone))
                .setOut(new PrintWriter(new java.io.OutputStreamWriter(out, charset), true))
                .setErr(new PrintWriter(new java.io.OutputStreamWriter(err, charset), true))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("error: " + e);
                    cmd.getErr().flush();
                    return EXIT_FAILED;
                });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Without a subcommand: show the usage. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
            "Missing command: fall, heartbeat, demo, load, scenario or verify");
    }

    /** An http or https address given for {@code option}, or a usage error naming it. */
    static java.net.URI httpUrl(CommandSpec spec, String option, String value) {
        try {
            java.net.URI uri = new java.net.URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // answered below, like any other address that is not one
        }
        throw new ParameterException(spec.commandLine(),
                option + " must be an http or https address such as http://127.0.0.1:8080, not '" + value + "'");
    }

    /** A TCP port given for {@code option}, or a usage error naming it. */
    static int port(CommandSpec spec, String option, int value) {
        if (value < 1 || value > 65_535) {
            throw new ParameterException(spec.commandLine(), option + " must be a port from 1 to 65535, not " + value);
        }
        return value;
    }

    static int exitCodeFor(MqttDeviceException e) {
        return switch (e.failure()) {
            case CONNECT_REFUSED -> EXIT_REFUSED;
            case PUBLISH_REJECTED -> EXIT_REJECTED;
            case TIMEOUT -> EXIT_TIMEOUT;
            case UNREACHABLE, CONNECTION_LOST, CLIENT_ERROR -> EXIT_FAILED;
        };
    }

    static void checkMqttVersion(CommandSpec spec, int version) {
        if (version != 3 && version != 5) {
            throw new ParameterException(spec.commandLine(), "--mqtt must be 3 or 5, was " + version);
        }
    }

    /** Seconds given on the command line as a Duration, rejecting negative (and, unless allowed, zero) values. */
    static Duration seconds(CommandSpec spec, String option, double seconds, boolean zeroAllowed) {
        if (!Double.isFinite(seconds) || seconds < 0 || (!zeroAllowed && seconds == 0)
                || seconds > Duration.ofDays(365).toSeconds()) {
            throw new ParameterException(spec.commandLine(),
                    option + " must be " + (zeroAllowed ? "0 or more" : "more than 0") + " seconds, was " + seconds);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** The version in the jar's manifest, if any. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DeviceSim.class.getPackage().getImplementationVersion();
            return new String[] {"anxin-device-sim " + (version == null ? "(development build)" : version)};
        }
    }
}
