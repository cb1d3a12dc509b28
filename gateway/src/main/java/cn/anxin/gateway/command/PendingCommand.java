package cn.anxin.gateway.command;

import java.time.Instant;
import java.util.UUID;

/** A command waiting to go down to a device. */
public record PendingCommand(UUID id, String deviceId, String name, String argsJson, Instant deadline) {}
