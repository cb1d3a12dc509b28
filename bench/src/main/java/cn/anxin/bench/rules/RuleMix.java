package cn.anxin.bench.rules;

import cn.anxin.gateway.decode.EventBody;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.platform.rules.RuleEvent;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A day-care centre's radar traffic, reproducibly (fixed seed): the radars take turns, each sending
 * one message a minute, of a random kind: heartbeat 80 %, presence 7 %, dwell 3 %, vital signs
 * 8 %, suspected fall 1.5 %, fall 0.5 %. One radar in twenty runs on a weak battery: a third of its
 * heartbeats report 12-19 %, below the 20 % threshold, the rest 20-25 % (so the low-battery
 * look-backs run and find an earlier good reading); with {@code alwaysLow} all its heartbeats are
 * below the threshold (a battery nobody replaces: see docs/BENCHMARKS.md). One vital-signs
 * reading in ten has a heart rate of 135-150 (the abnormal-vitals look-back runs). Dwells, falls and
 * suspected falls name the radar's room; bathrooms are about a third of the rooms.
 */
final class RuleMix {

  /** A radar bound to an elder, in a room; some run on a low battery. */
  record Radar(String deviceId, long elderId, String room, boolean lowBattery) {}

  private static final DateTimeFormatter TS = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final List<Radar> radars;
  private final boolean alwaysLow;
  private final SplittableRandom random = new SplittableRandom(20_261_129L);
  private final Duration step;
  private Instant now;
  private long sequence;

  RuleMix(List<Radar> radars, Instant start, boolean alwaysLow) {
    this.radars = List.copyOf(radars);
    this.alwaysLow = alwaysLow;
    this.now = start;
    this.step = Duration.ofMillis(Math.max(1, 60_000 / radars.size()));
  }

  /** The next event, stored in the journal as {@code eventId}. */
  MixedEvent next(long eventId) {
    now = now.plus(step);
    Radar radar = radars.get((int) (sequence % radars.size()));
    String msgId = radar.deviceId() + "-" + (++sequence);
    JsonObject payload = new JsonObject().put("msgId", msgId)
        .put("ts", now.atOffset(ZoneOffset.ofHours(8)).format(TS));
    double kind = random.nextDouble();
    EventKind eventKind;
    EventBody body;
    Optional<String> zone = Optional.of(radar.room());
    if (kind < 0.80) {
      int battery = !radar.lowBattery() ? 60 + random.nextInt(36)
          : alwaysLow || random.nextInt(3) == 0 ? 12 + random.nextInt(8) : 20 + random.nextInt(6);
      payload.put("battery", battery).put("firmware", "1.4.2");
      eventKind = EventKind.HEARTBEAT;
      body = new EventBody.Heartbeat(Optional.of(battery), Optional.of("1.4.2"));
    } else if (kind < 0.87) {
      boolean present = random.nextInt(10) < 7;
      payload.put("present", present).put("targets", present ? 1 : 0);
      eventKind = EventKind.PRESENCE;
      body = new EventBody.PresenceReported(present, Optional.of(present ? 1 : 0));
    } else if (kind < 0.90) {
      int seconds = 200 + random.nextInt(700);
      payload.put("seconds", seconds).put("zone", radar.room());
      eventKind = EventKind.DWELL;
      body = new EventBody.DwellDetected(seconds, zone);
    } else if (kind < 0.98) {
      int heartRate = random.nextInt(10) == 0 ? 135 + random.nextInt(16) : 55 + random.nextInt(40);
      int breathingRate = 12 + random.nextInt(9);
      boolean inBed = random.nextInt(10) < 8;
      payload.put("heartRate", heartRate).put("breathingRate", breathingRate).put("inBed", inBed);
      eventKind = EventKind.VITALS;
      body = new EventBody.VitalsMeasured(Optional.of(heartRate), Optional.of(breathingRate), Optional.of(inBed));
    } else if (kind < 0.995) {
      payload.put("confidence", 0.7).put("zone", radar.room());
      eventKind = EventKind.SUSPECTED_FALL;
      body = new EventBody.FallSuspected(Optional.of(0.7), zone);
    } else {
      payload.put("confidence", 0.93).put("zone", radar.room());
      eventKind = EventKind.FALL;
      body = new EventBody.FallDetected(Optional.of(0.93), zone);
    }
    RuleEvent event = new RuleEvent(eventId, radar.deviceId(), "FALL_RADAR", radar.elderId(), msgId, eventKind, body,
        now, now.plusMillis(300), zone);
    return new MixedEvent(event, payload.encode());
  }
}
