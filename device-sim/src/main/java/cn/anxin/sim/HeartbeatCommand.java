package cn.anxin.sim;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "heartbeat", mixinStandardHelpOptions = true,
        description = "Sends one heartbeat and waits for the server's PUBACK; prints the msgId sent.")
final class HeartbeatCommand extends SingleEventCommand {

    @Option(names = "--battery", paramLabel = "0..100", description = "Battery level in percent.")
    Integer battery;

    @Option(names = "--firmware", paramLabel = "VERSION", description = "Firmware version, 1-32 characters.")
    String firmware;

    @Override
    EventPayload event(Payloads payloads) {
        return payloads.heartbeat(battery, firmware);
    }
}
