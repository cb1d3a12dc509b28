package cn.anxin.sim;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fall", mixinStandardHelpOptions = true,
        description = "Reports one fall and waits for the server's PUBACK; prints the msgId sent.")
final class FallCommand extends SingleEventCommand {

    @Option(names = "--zone", paramLabel = "ZONE", description = "Where the fall happened, 1-32 characters, e.g. bathroom.")
    String zone;

    @Option(names = "--confidence", paramLabel = "0..1", description = "Detection confidence between 0 and 1.")
    Double confidence;

    @Override
    EventPayload event(Payloads payloads) {
        return payloads.fall(confidence, zone);
    }
}
