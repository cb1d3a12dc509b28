package cn.anxin.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Builds the JSON of the v1 events {@code fall}, {@code heartbeat} and {@code water}: a fresh msgId for each
 * event and {@code ts} = now, read from the injected clock, as an RFC 3339 date-time with the
 * clock zone's offset and millisecond precision (e.g. {@code 2026-11-29T01:02:03.120+08:00}).
 */
public final class Payloads {

    public static final String FALL = "fall";
    public static final String HEARTBEAT = "heartbeat";
    public static final String WATER = "water";

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final Pattern MSG_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final Supplier<String> msgIds;

    /** Payloads stamped by {@code clock}, each with a random UUID as msgId. */
    public Payloads(Clock clock) {
        this(clock, () -> UUID.randomUUID().toString());
    }

    /** Payloads stamped by {@code clock}, with msgIds from {@code msgIds} (each must be 1-64 chars of [A-Za-z0-9._:-]). */
    public Payloads(Clock clock, Supplier<String> msgIds) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.msgIds = Objects.requireNonNull(msgIds, "msgIds");
    }

    /** Payloads stamped by the system clock in the default time zone. */
    public static Payloads systemDefault() {
        return new Payloads(Clock.systemDefaultZone());
    }

    /**
     * A {@code fall} event.
     *
     * @param confidence 0..1, or null to leave it out
     * @param zone 1-32 characters, or null to leave it out
     */
    public EventPayload fall(Double confidence, String zone) {
        if (confidence != null && !(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, was " + confidence);
        }
        checkText("zone", zone);
        ObjectNode node = start();
        if (confidence != null) {
            node.put("confidence", confidence.doubleValue());
        }
        if (zone != null) {
            node.put("zone", zone);
        }
        return finish(FALL, node);
    }

    /**
     * A {@code heartbeat} event.
     *
     * @param battery 0..100, or null to leave it out
     * @param firmware 1-32 characters, or null to leave it out
     */
    public EventPayload heartbeat(Integer battery, String firmware) {
        if (battery != null && (battery < 0 || battery > 100)) {
            throw new IllegalArgumentException("battery must be between 0 and 100, was " + battery);
        }
        checkText("firmware", firmware);
        ObjectNode node = start();
        if (battery != null) {
            node.put("battery", battery.intValue());
        }
        if (firmware != null) {
            node.put("firmware", firmware);
        }
        return finish(HEARTBEAT, node);
    }

    /**
     * A {@code water} meter reading.
     *
     * @param intervalMinutes 1..1440, the interval that ends now
     * @param volumeL litres used in the interval, 0 or more
     * @param registerL the cumulative register, litres, 0 or more
     */
    public EventPayload water(int intervalMinutes, double volumeL, double registerL) {
        if (intervalMinutes < 1 || intervalMinutes > 1440) {
            throw new IllegalArgumentException("intervalMinutes must be between 1 and 1440, was " + intervalMinutes);
        }
        if (!(volumeL >= 0) || !(registerL >= 0) || Double.isInfinite(volumeL) || Double.isInfinite(registerL)) {
            throw new IllegalArgumentException("volumeL and registerL must be 0 or more, were " + volumeL
                    + " and " + registerL);
        }
        ObjectNode node = start();
        node.put("intervalMinutes", intervalMinutes);
        node.put("volumeL", volumeL);
        node.put("registerL", registerL);
        return finish(WATER, node);
    }

    /** Formats an instant the way {@code ts} is sent. */
    public static String formatTs(OffsetDateTime time) {
        return TS.format(time);
    }

    private ObjectNode start() {
        String msgId = msgIds.get();
        if (msgId == null || !MSG_ID.matcher(msgId).matches()) {
            throw new IllegalStateException("msgId must be 1-64 chars of [A-Za-z0-9._:-], was " + msgId);
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("msgId", msgId);
        node.put("ts", formatTs(OffsetDateTime.now(clock)));
        return node;
    }

    private static EventPayload finish(String kind, ObjectNode node) {
        try {
            return new EventPayload(kind, node.get("msgId").asText(), JSON.writeValueAsBytes(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + kind, e);
        }
    }

    private static void checkText(String name, String value) {
        if (value != null && (value.isEmpty() || value.codePointCount(0, value.length()) > 32)) {
            throw new IllegalArgumentException(name + " must be 1-32 characters, was \"" + value + "\"");
        }
    }
}
