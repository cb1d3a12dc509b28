package cn.anxin.platform.notify;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.api.rest.Messages;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class FamilyTextTest {

  private static JsonObject payload(String rule, String status, String disposition, String role) {
    return new JsonObject().put("rule", rule).put("severity", "P1").put("status", status)
        .put("at", "2026-11-29T14:05:00Z").put("eventTime", "2026-11-29T14:03:12Z")
        .put("disposition", disposition).put("byRole", role);
  }

  @Test
  void givenARaise_whenWrittenInChinese_thenItSaysWhatWhenInBeijingTimeAndThatTheCentreIsHandlingIt() {
    FamilyText.Text text = FamilyText.render(Messages.ZH, NotifyEvent.ALERT_RAISED,
        payload("FALL", "OPEN", null, null), "张桂英");

    assertThat(text.body()).isEqualTo("【安心】11月29日 22:03，您的家人张桂英触发跌倒告警，照护中心已收到并正在处理。");
    assertThat(text.body().length()).as("one SMS segment").isLessThanOrEqualTo(70);
    assertThat(text.subject()).isEqualTo("【安心】张桂英：跌倒告警");
  }

  @Test
  void givenAClosing_whenWritten_thenItSaysHowItEndedAndWhoByRoleOnly() {
    FamilyText.Text zh = FamilyText.render(Messages.ZH, NotifyEvent.ALERT_CLOSED,
        payload("SOS", "RESOLVED", "REAL_EVENT", "SUPERVISOR"), "李正华");
    FamilyText.Text en = FamilyText.render(Messages.EN, NotifyEvent.ALERT_CLOSED,
        payload("SOS", "FALSE_ALARM", "ELDER_AWAY", "STAFF"), "Li Zhenghua");

    assertThat(zh.body()).isEqualTo("【安心】您的家人李正华于11月29日 22:03的紧急呼叫（SOS）告警已由照护中心主管处理完毕：情况属实，已妥善处置。");
    assertThat(en.body()).isEqualTo("[Anxin] The alert for your family member Li Zhenghua (SOS call, at Nov 29, 22:03"
        + " Beijing time) has been closed by the care centre's staff: the elder was not there; it was a false alarm.");
  }

  @Test
  void givenARuleWithoutItsOwnWordsAndAClosingWithoutDisposition_whenWritten_thenGeneralWordsAreUsed() {
    FamilyText.Text text = FamilyText.render(Messages.ZH, NotifyEvent.ALERT_CLOSED,
        payload("SOMETHING_NEW", "FALSE_ALARM", null, null), "王秀兰");

    assertThat(text.body()).contains("异常情况", "经核实为误报", "工作人员");
  }
}
