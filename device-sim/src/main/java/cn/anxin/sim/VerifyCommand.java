package cn.anxin.sim;

import cn.anxin.sim.scenario.IncidentLog;
import cn.anxin.sim.scenario.PlatformApi;
import cn.anxin.sim.scenario.PlatformApiException;
import cn.anxin.sim.verify.AlertMatcher;
import cn.anxin.sim.verify.AlertSource;
import cn.anxin.sim.verify.RaisedAlert;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Reads the alerts (and meal fraud flags) the platform raised for a scenario's elders through the REST"
                + " API and compares them with the scenario's incident log: hits, misses and false alarms per rule.",
            "核对：每条规则的命中、漏报与误报。"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every expected alert was raised (false alarms are reported, not failed)",
            "1:an expected alert is missing, or the platform could not be read", "2:invalid command line"})
final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--log", required = true, paramLabel = "FILE", description = "The incident log `scenario` wrote.")
    Path log;

    @Option(names = "--api", paramLabel = "URL", description = "The platform's HTTP address (default: the one in the log).")
    String api;

    @Option(names = "--user", defaultValue = "admin", paramLabel = "NAME",
            description = "An ADMIN or BUREAU account (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "${env:ANXIN_ADMIN_PASSWORD}", paramLabel = "PASSWORD",
            description = "Its password (default: env ANXIN_ADMIN_PASSWORD).")
    String password;

    @Option(names = "--wait", defaultValue = "10", paramLabel = "SECONDS",
            description = "Look again for this long (real time) while expected alerts are missing: timers and the"
                    + " journal may still be catching up (default: ${DEFAULT-VALUE}).")
    double waitSeconds;

    @Spec
    CommandSpec spec;

    @ParentCommand
    DeviceSim parent;

    @Override
    public Integer call() {
        PrintStream out = parent != null ? parent.out : System.out;
        PrintWriter err = spec.commandLine().getErr();
        Duration wait = DeviceSim.seconds(spec, "--wait", waitSeconds, true);
        if (password == null || password.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--password (or env ANXIN_ADMIN_PASSWORD) is needed to read the alerts");
        }
        if (!java.nio.file.Files.isRegularFile(log)) {
            throw new ParameterException(spec.commandLine(), "--log " + log + ": no such file (scenario writes it)");
        }
        IncidentLog incidents;
        try {
            incidents = IncidentLog.read(log);
        } catch (IOException | RuntimeException e) {
            err.println("error: --log " + log + " is not an incident log that scenario wrote: " + e.getMessage());
            err.flush();
            return DeviceSim.EXIT_USAGE;
        }
        java.net.URI address = DeviceSim.httpUrl(spec, api != null ? "--api" : "the log's api", api != null ? api
            : incidents.api());
        try {
            PlatformApi platform = new PlatformApi(address);
            platform.signIn(user, password);
            AlertSource source = new AlertSource(platform);
            var elderIds = new HashSet<>(incidents.elderIds().values());
            long deadline = System.nanoTime() + wait.toNanos();
            AlertMatcher.Report report;
            while (true) {
                List<RaisedAlert> alerts = source.raisedSince(incidents.start(), incidents.stationIds().values());
                report = AlertMatcher.match(incidents.incidents(), alerts, elderIds, incidents.end());
                if (report.everyExpectedAlertRaised() || System.nanoTime() - deadline >= 0) {
                    break;
                }
                Thread.sleep(1_000);
            }
            VerifyReportPrinter.print(incidents, report, out);
            return report.everyExpectedAlertRaised() ? DeviceSim.EXIT_OK : DeviceSim.EXIT_FAILED;
        } catch (PlatformApiException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return DeviceSim.EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeviceSim.EXIT_FAILED;
        }
    }
}
