package cn.anxin.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Event time against receive time, with a fixed receive instant: bounded, flagged or refused. */
class TimePolicyTest {

  /** 08:00:00 in Chuxiong (UTC+8). */
  private static final Instant RECEIVED = Instant.parse("2026-11-29T00:00:00Z");
  private static final ZoneOffset CST = ZoneOffset.ofHours(8);

  private final PayloadDecoder decoder = new PayloadDecoder();

  @Test
  void givenADeviceClockTenMinutesAhead_whenDecoded_thenStoredAsSentButFlaggedAndBoundedToTheReceiveTime()
      throws Exception {
    DeviceEvent event = heartbeatAt(RECEIVED.plus(Duration.ofMinutes(10)));

    assertThat(event.timeFlag()).isEqualTo(TimeFlag.CLOCK_AHEAD);
    assertThat(event.deviceTime()).isEqualTo(OffsetDateTime.parse("2026-11-29T08:10:00+08:00"));
    assertThat(event.eventTime()).isEqualTo(OffsetDateTime.parse("2026-11-29T08:00:00+08:00"));
    assertThat(event.eventTime().toInstant()).isEqualTo(RECEIVED);
    assertThat(event.clockSkew()).isEqualTo(Duration.ofMinutes(10));
    assertThat(event.payloadJson()).contains("2026-11-29T08:10:00+08:00");
  }

  @Test
  void givenAnEventEightDaysOld_whenDecoded_thenItIsRefusedNamingTheBound() {
    assertThatThrownBy(() -> heartbeatAt(RECEIVED.minus(Duration.ofDays(8))))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("/ts")
        .hasMessageContaining("maxAge (7 days)")
        .hasMessageContaining("8 days before it was received");
  }

  @Test
  void givenANbIotMeterUploadingADayLate_whenDecoded_thenItIsKeptAtItsOwnTimeAndFlaggedLate() throws Exception {
    DeviceEvent event = heartbeatAt(RECEIVED.minus(Duration.ofDays(1)));

    assertThat(event.timeFlag()).isEqualTo(TimeFlag.LATE);
    assertThat(event.eventTime()).isEqualTo(event.deviceTime());
    assertThat(event.clockSkew()).isEqualTo(Duration.ofDays(-1));
  }

  @ParameterizedTest(name = "{0} s after receipt -> {1}")
  @CsvSource({
      "300, OK", "301, CLOCK_AHEAD", "0, OK", "-900, OK", "-901, LATE", "-604800, LATE"})
  void givenAnEventTimeNearABound_whenDecoded_thenOnlyPassingTheBoundChangesTheFlag(
      long secondsFromReceipt, TimeFlag expected) throws Exception {
    assertThat(heartbeatAt(RECEIVED.plusSeconds(secondsFromReceipt)).timeFlag()).isEqualTo(expected);
  }

  @Test
  void givenAStricterInjectedPolicy_whenAnEventIsTwoDaysOld_thenTheRefusalNamesThatPolicysBound() {
    PayloadDecoder strict = new PayloadDecoder(
        new TimePolicy(Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofMinutes(5)));
    Buffer payload = Buffer.buffer("{\"msgId\":\"h-1\",\"ts\":\"2026-11-27T08:00:00+08:00\"}");

    assertThatThrownBy(() -> strict.decode("dev-1", EventKind.HEARTBEAT, payload, RECEIVED))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("maxAge (1 day)");
  }

  @Test
  void givenLateAfterLongerThanMaxAge_whenAPolicyIsMade_thenItIsRejected() {
    assertThatThrownBy(() -> new TimePolicy(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lateAfter <= maxAge");
  }

  @Test
  void givenTheDefaults_whenRead_thenTheyAreFiveMinutesSevenDaysAndFifteenMinutes() {
    assertThat(TimePolicy.defaults())
        .isEqualTo(new TimePolicy(Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofMinutes(15)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"PT168H, 7 days", "PT192H0.3S, 8 days", "PT36H, 1 day 12 hours", "PT15M, 15 minutes",
      "PT90S, 1 minute 30 seconds", "PT1S, 1 second"})
  void givenADuration_whenPutInWords_thenItReadsAsDaysHoursMinutesOrSeconds(Duration duration, String words) {
    assertThat(TimePolicy.words(duration)).isEqualTo(words);
  }

  private DeviceEvent heartbeatAt(Instant deviceTime) throws DecodeException {
    String ts = deviceTime.atOffset(CST).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    return decoder.decode("dev-1", EventKind.HEARTBEAT,
        Buffer.buffer("{\"msgId\":\"h-1\",\"ts\":\"" + ts + "\"}"), RECEIVED);
  }
}
