package cn.anxin.sim;

import cn.anxin.sim.scenario.IncidentLog;
import cn.anxin.sim.scenario.PlannedIncident;
import cn.anxin.sim.scenario.PlatformApi;
import cn.anxin.sim.scenario.PlatformApiException;
import cn.anxin.sim.scenario.Provisioner;
import cn.anxin.sim.scenario.ScenarioFile;
import cn.anxin.sim.scenario.ScenarioFileException;
import cn.anxin.sim.scenario.ScenarioFiles;
import cn.anxin.sim.scenario.ScenarioPlan;
import cn.anxin.sim.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = {
            "Lives simulated days: registers a seeded population over the platform's REST API (sites, elders,"
                + " devices, meal cards), then plays their routines and the scenario file's incidents over MQTT,"
                + " paced by the platform's clock (GET /health/clock; start the platform with --clock-speed to"
                + " compress time). Writes an incident log for `verify`. See docs/device-sim.md.",
            "模拟若干天的老人日常与事件（跌倒、离家、住院、漏水、夜间走失、误报跌倒、助餐未到、重复刷卡）。"})
final class ScenarioCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE",
            description = "Scenario file (JSON with comments), or the name of a bundled one: two-days.json, week.json.")
    String file;

    @Option(names = "--api", defaultValue = "${env:ANXIN_API_URL:-http://127.0.0.1:8080}", paramLabel = "URL",
            description = "The platform's HTTP address (default: env ANXIN_API_URL, else ${DEFAULT-VALUE}).")
    String api;

    @Option(names = "--user", defaultValue = "admin", paramLabel = "NAME",
            description = "An ADMIN account to register the population with (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "${env:ANXIN_ADMIN_PASSWORD}", paramLabel = "PASSWORD",
            description = "Its password (default: env ANXIN_ADMIN_PASSWORD; the demo's admin: anxin-demo-admin).")
    String password;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "MQTT server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:ANXIN_MQTT_PORT:-1883}", paramLabel = "PORT",
            description = "MQTT server port (default: env ANXIN_MQTT_PORT, else 1883).")
    int port;

    @Option(names = "--mqtt", defaultValue = "3", paramLabel = "3|5", description = "MQTT version (default: ${DEFAULT-VALUE}).")
    int mqttVersion;

    @Option(names = "--log", paramLabel = "FILE",
            description = "Where the incident log goes (default: <scenario name>-incidents.json here).")
    Path log;

    @Option(names = "--progress", defaultValue = "5", paramLabel = "SECONDS",
            description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
    double progressSeconds;

    @Option(names = "--from-midnight",
            description = "Start day 0 at the platform's next midnight and wait for it (a minute at --clock-speed 1440),"
                    + " so that every day is lived whole; otherwise day 0 is today and incidents already past are skipped.")
    boolean fromMidnight;

    @Option(names = "--plan-only", description = "Print the population, the message counts and the incidents; send nothing.")
    boolean planOnly;

    @Spec
    CommandSpec spec;

    @ParentCommand
    DeviceSim parent;

    @Override
    public Integer call() {
        PrintStream out = parent != null ? parent.out : System.out;
        java.io.PrintWriter err = spec.commandLine().getErr();
        DeviceSim.checkMqttVersion(spec, mqttVersion);
        Duration progress = DeviceSim.seconds(spec, "--progress", progressSeconds, false);
        ScenarioFile scenario;
        try {
            Path path = Path.of(file);
            scenario = Files.exists(path) ? ScenarioFiles.read(path) : ScenarioFiles.bundled(file);
        } catch (ScenarioFileException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return DeviceSim.EXIT_USAGE;
        }
        if (planOnly) {
            ScenarioPlan plan = ScenarioPlan.build(scenario, java.time.Instant.now(), "plan", fromMidnight);
            describe(plan, out);
            return DeviceSim.EXIT_OK;
        }
        if (password == null || password.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--password (or env ANXIN_ADMIN_PASSWORD) is needed to register the population");
        }
        DeviceSim.port(spec, "--port", port);
        PlatformApi platform = new PlatformApi(DeviceSim.httpUrl(spec, "--api", api));
        try {
            platform.signIn(user, password);
            PlatformApi.ClockReading clock = platform.clock();
            if (clock.speed() == 1) {
                out.println("note: the platform runs in real time; " + scenario.days()
                        + " day(s) take as long (start it with --clock-origin/--clock-speed to compress time)");
            }
            String runTag = "s" + Long.toString(clock.platformNow().getEpochSecond(), 36);
            ScenarioPlan plan = ScenarioPlan.build(scenario, clock.now(), runTag, fromMidnight);
            describe(plan, out);
            Provisioner.Registered registered = new Provisioner(platform, out).register(plan);
            Path logFile = log != null ? log : Path.of(scenario.name() + "-incidents.json");
            ScenarioRunner.Outcome outcome;
            try (ScenarioRunner runner = new ScenarioRunner(plan, registered.secrets(), clock, host, port, mqttVersion,
                    out, progress)) {
                Thread hook = new Thread(runner::close, "scenario-stop");
                boolean hooked = parent != null && parent.stopOnShutdown;
                if (hooked) {
                    Runtime.getRuntime().addShutdownHook(hook);
                }
                try {
                    outcome = runner.run();
                } finally {
                    if (hooked) {
                        try {
                            Runtime.getRuntime().removeShutdownHook(hook);
                        } catch (IllegalStateException shuttingDown) {
                            // already stopping
                        }
                    }
                }
            }
            List<IncidentLog.LoggedIncident> logged = new ArrayList<>();
            for (PlannedIncident incident : plan.incidents()) {
                logged.add(new IncidentLog.LoggedIncident(incident, registered.elderIds().get(incident.elder())));
            }
            new IncidentLog(scenario.name(), scenario.seed(), api, plan.start(), plan.end(), clock.speed(),
                    registered.elderIds(), registered.stationIds(), logged, outcome.sent(), outcome.failed())
                    .write(logFile);
            out.printf("总结 summary: %d messages sent, %d failed, in %d s real time; %d/%d incidents injected%n",
                    outcome.sent(), outcome.failed(), outcome.took().toSeconds(), outcome.incidentsInjected(),
                    plan.incidents().size());
            out.println("  by kind: " + outcome.sentByKind());
            out.println("incident log: " + logFile.toAbsolutePath() + "  (check it: device-sim verify --log " + logFile + ")");
            return outcome.failed() == 0 ? DeviceSim.EXIT_OK : DeviceSim.EXIT_FAILED;
        } catch (PlatformApiException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return DeviceSim.EXIT_FAILED;
        } catch (MqttDeviceException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return DeviceSim.exitCodeFor(e);
        } catch (IOException e) {
            err.println("error: cannot write the incident log: " + e.getMessage());
            err.flush();
            return DeviceSim.EXIT_FAILED;
        }
    }

    private static void describe(ScenarioPlan plan, PrintStream out) {
        ScenarioFile f = plan.file();
        out.printf("scenario %s (seed %d): %d elders, %d day-care centres, %d meal stations, %d day(s) from %s;"
                        + " %d messages planned%n",
                f.name(), f.seed(), f.elders(), f.dayCareCentres(), f.mealStations(), f.days(), plan.firstDay(),
                plan.events().size());
        for (PlannedIncident incident : plan.skipped()) {
            out.printf("  incident %d (%s, elder %d) skipped: it would begin at %s, before the start of the run"
                    + " (--from-midnight lives whole days)%n", incident.number(), incident.type().fileName(),
                    incident.elder(), incident.from().atZone(ScenarioPlan.ZONE).toLocalDateTime());
        }
        for (PlannedIncident incident : plan.incidents()) {
            out.printf("  incident %d: %s, elder %d (%s), %s: %s; expect %s%s%n", incident.number(),
                    incident.type().fileName(), incident.elder(), plan.population().elder(incident.elder()).name(),
                    incident.from().atZone(ScenarioPlan.ZONE).toLocalDateTime(), incident.note(),
                    incident.expect().isEmpty() ? "no alert"
                            : incident.expect().stream().map(e -> e.rule()).toList(),
                    incident.mustNotRaise().isEmpty() ? ""
                            : ", not " + incident.mustNotRaise().stream().map(e -> e.rule()).toList());
        }
    }
}
