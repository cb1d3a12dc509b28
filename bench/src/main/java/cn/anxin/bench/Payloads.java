package cn.anxin.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Valid contract-v1 payloads: a unique msgId per message and {@code ts} on whole seconds, written
 * with the seconds always present ({@code 2026-11-29T02:15:00+08:00}).
 */
final class Payloads {

  private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
  private static final String[] ZONES = {"bathroom", "bedroom", "living_room"};

  /** The formatted time of the current second, shared by all publishers. */
  private record Stamp(long epochSecond, String text) {}

  private static volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");

  private Payloads() {}

  static String ts() {
    long now = Instant.now().getEpochSecond();
    Stamp current = stamp;
    if (current.epochSecond() != now) {
      OffsetDateTime second =
          Instant.ofEpochSecond(now).atOffset(CHINA).truncatedTo(ChronoUnit.SECONDS);
      current = new Stamp(now, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(second));
      stamp = current;
    }
    return current.text();
  }

  static String msgId(String deviceId, long seq) {
    return deviceId + "-" + seq;
  }

  static byte[] heartbeat(String msgId, long seq) {
    return ("{\"msgId\":\"" + msgId + "\",\"ts\":\"" + ts() + "\",\"battery\":" + (seq % 101)
        + ",\"firmware\":\"1.4.2\"}").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] fall(String msgId, long seq) {
    return ("{\"msgId\":\"" + msgId + "\",\"ts\":\"" + ts() + "\",\"confidence\":0.93,\"zone\":\""
        + ZONES[(int) (seq % ZONES.length)] + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  static String topic(String deviceId, String kind) {
    return "anxin/v1/devices/" + deviceId + "/events/" + kind;
  }
}
