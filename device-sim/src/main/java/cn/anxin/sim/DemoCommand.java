package cn.anxin.sim;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Plays a short demo scenario with one or more devices.",
            "%nEvery device connects and sends a heartbeat. --fall-after seconds later the first device"
                + " reports a fall (zone bathroom, confidence 0.93); every --interval seconds each device"
                + " sends a heartbeat, until --duration seconds have passed (0: until Ctrl-C).",
            "Times count from the moment every device is connected. One line per action is printed."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "MQTT server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:ANXIN_MQTT_PORT:-1883}", paramLabel = "PORT",
            description = "MQTT server port (default: env ANXIN_MQTT_PORT, else 1883; now ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--device", required = true, paramLabel = "ID:SECRET",
            converter = DeviceCredentialConverter.class,
            description = "A device and its secret; repeat for more devices. The first one falls.")
    List<DeviceCredential> devices;

    @Option(names = "--mqtt", defaultValue = "3", paramLabel = "3|5",
            description = "MQTT protocol version: 3 (3.1.1) or 5 (default: ${DEFAULT-VALUE}).")
    int mqttVersion;

    @Option(names = "--fall-after", defaultValue = "10", paramLabel = "SECONDS",
            description = "Seconds until the first device falls (default: ${DEFAULT-VALUE}).")
    double fallAfterSeconds;

    @Option(names = "--interval", defaultValue = "30", paramLabel = "SECONDS",
            description = "Seconds between heartbeats (default: ${DEFAULT-VALUE}).")
    double intervalSeconds;

    @Option(names = "--duration", defaultValue = "0", paramLabel = "SECONDS",
            description = "Seconds the demo runs; 0 runs until interrupted (default: ${DEFAULT-VALUE}).")
    double durationSeconds;

    @Spec
    CommandSpec spec;

    @ParentCommand
    DeviceSim parent;

    @Override
    public Integer call() {
        DemoSettings settings;
        try {
            DeviceSim.checkMqttVersion(spec, mqttVersion);
            settings = new DemoSettings(host, port, mqttVersion, devices,
                    DeviceSim.seconds(spec, "--fall-after", fallAfterSeconds, true),
                    DeviceSim.seconds(spec, "--interval", intervalSeconds, false),
                    DeviceSim.seconds(spec, "--duration", durationSeconds, true));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintStream log = parent != null ? parent.out : System.out;
        DemoScenario scenario = new DemoScenario(settings, log);
        Thread hook = new Thread(scenario::close, "device-sim-demo-stop");
        if (parent != null && parent.stopOnShutdown) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            DemoScenario.Outcome outcome = scenario.run();
            return outcome.failed() == 0 ? DeviceSim.EXIT_OK : DeviceSim.EXIT_FAILED;
        } catch (MqttDeviceException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return DeviceSim.exitCodeFor(e);
        } finally {
            if (parent != null && parent.stopOnShutdown) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to
                }
            }
        }
    }

    /** Parses {@code id:secret}. */
    static final class DeviceCredentialConverter implements picocli.CommandLine.ITypeConverter<DeviceCredential> {
        @Override
        public DeviceCredential convert(String value) {
            return DeviceCredential.parse(value);
        }
    }
}
