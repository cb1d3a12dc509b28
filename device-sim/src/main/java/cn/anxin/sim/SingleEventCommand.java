package cn.anxin.sim;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Connects one device, publishes one event, waits for its PUBACK and disconnects. */
abstract class SingleEventCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    /** Builds the event to send; throws IllegalArgumentException for a bad option value. */
    abstract EventPayload event(Payloads payloads);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventPayload event;
        try {
            DeviceSim.checkMqttVersion(spec, connection.mqttVersion);
            event = event(new Payloads(Clock.systemDefaultZone()));
            new DeviceCredential(connection.deviceId, connection.secret);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        try (MqttDevice device = MqttDevice.connect(connection.host, connection.port, connection.deviceId,
                connection.secret, connection.mqttVersion,
                DeviceSim.seconds(spec, "--timeout", connection.timeoutSeconds, false))) {
            int reason = device.publish(event.kind(), event.json());
            out.println(connection.deviceId + " -> " + event.kind() + " (msgId=" + event.msgId() + ") acknowledged"
                    + (reason == 0 ? "" : " with " + ReasonCodes.puback(reason)));
            out.flush();
            return DeviceSim.EXIT_OK;
        } catch (MqttDeviceException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return DeviceSim.exitCodeFor(e);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
