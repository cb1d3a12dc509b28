package cn.anxin.platform.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.api.rest.FieldError;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of an alert's life on their own: which moves are forward, which dispositions close how. */
class LifeRulesTest {

  @Test
  void givenEachOpenStatus_whenAskedWhereItMayGo_thenForwardOrFalseAlarmButNeverBackNorOpen() {
    assertThat(next(AlertStatus.OPEN)).containsExactly(AlertStatus.ACKNOWLEDGED, AlertStatus.CALLING,
        AlertStatus.DISPATCHED, AlertStatus.ON_SITE, AlertStatus.RESOLVED, AlertStatus.FALSE_ALARM);
    assertThat(next(AlertStatus.CALLING)).containsExactly(AlertStatus.DISPATCHED, AlertStatus.ON_SITE,
        AlertStatus.RESOLVED, AlertStatus.FALSE_ALARM);
    assertThat(next(AlertStatus.ON_SITE)).containsExactly(AlertStatus.RESOLVED, AlertStatus.FALSE_ALARM);
    assertThat(next(AlertStatus.RESOLVED)).isEmpty();
    assertThat(next(AlertStatus.FALSE_ALARM)).isEmpty();
  }

  @Test
  void givenTheDispositions_whenClosing_thenEachFitsItsWayAndOtherFitsBoth() {
    assertThat(Disposition.closing(AlertStatus.RESOLVED)).containsExactly(
        Disposition.REAL_EVENT, Disposition.DUPLICATE, Disposition.OTHER);
    assertThat(Disposition.closing(AlertStatus.FALSE_ALARM)).containsExactly(
        Disposition.FALSE_ALARM_DEVICE, Disposition.FALSE_ALARM_BEHAVIOUR, Disposition.DEVICE_FAULT,
        Disposition.ELDER_AWAY, Disposition.TEST, Disposition.OTHER);
    assertThat(Disposition.closing(AlertStatus.ACKNOWLEDGED)).isEmpty();
  }

  @Test
  void givenMoveRequests_whenChecked_thenDispositionAndNoteRulesHoldAndBlankNotesCountAsNone() {
    assertThat(codes(request(AlertStatus.RESOLVED, null, null))).containsExactly("alert.disposition-required");
    assertThat(codes(request(AlertStatus.RESOLVED, Disposition.TEST, null))).containsExactly("alert.disposition-mismatch");
    assertThat(codes(request(AlertStatus.FALSE_ALARM, Disposition.OTHER, " \t "))).containsExactly("alert.note-required");
    assertThat(codes(request(AlertStatus.CALLING, Disposition.OTHER, "x"))).containsExactly("alert.disposition-not-closing");
    assertThat(codes(request(AlertStatus.FALSE_ALARM, Disposition.DEVICE_FAULT, null))).isEmpty();
    assertThat(request(AlertStatus.CALLING, null, "  回电中 ").note()).contains("回电中");
  }

  private static List<AlertStatus> next(AlertStatus from) {
    return java.util.Arrays.stream(AlertStatus.values()).filter(from::mayMoveTo).toList();
  }

  private static MoveRequest request(AlertStatus to, Disposition disposition, String note) {
    return new MoveRequest(to, AlertStatus.OPEN, Optional.ofNullable(note), Optional.ofNullable(disposition),
        Optional.empty());
  }

  private static List<String> codes(MoveRequest request) {
    return AlertTransitions.dispositionErrors(request).stream().map(FieldError::code).toList();
  }
}
