package cn.anxin.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTopicTest {

  @Test
  void givenAContractTopic_whenParsed_thenDeviceAndKindAreRead() {
    assertThat(EventTopic.parse("anxin/v1/devices/radar-001/events/fall"))
        .contains(new EventTopic("radar-001", EventKind.FALL));
    assertThat(EventTopic.parse("anxin/v1/devices/w.2:x/events/heartbeat"))
        .contains(new EventTopic("w.2:x", EventKind.HEARTBEAT));
  }

  @Test
  void givenADeviceAndKind_whenFormatted_thenItParsesBack() {
    String topic = EventTopic.of("radar-009", EventKind.FALL);
    assertThat(topic).isEqualTo("anxin/v1/devices/radar-009/events/fall");
    assertThat(EventTopic.parse(topic)).contains(new EventTopic("radar-009", EventKind.FALL));
  }

  @ParameterizedTest
  @EnumSource(EventKind.class)
  void givenEveryKind_whenItsTopicIsFormatted_thenItParsesBackToThatKind(EventKind kind) {
    if (!kind.devicePublishable()) {
      assertThat(EventTopic.parse("anxin/v1/devices/dev-1/events/" + kind.topicSegment()))
          .as("devices may not publish %s", kind).isEmpty();
      assertThat(EventKind.fromTopicSegment(kind.topicSegment())).isEmpty();
      return;
    }
    assertThat(EventTopic.parse("anxin/v1/devices/dev-1/events/" + kind.topicSegment()))
        .contains(new EventTopic("dev-1", kind));
    assertThat(EventKind.fromTopicSegment(kind.topicSegment())).contains(kind);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "anxin/v1/devices", "anxin/v1/devices//events/fall", "anxin/v2/devices/d/events/fall",
      "anxin/v1/devices/d/events/unknown", "anxin/v1/devices/d/events/suspected_fall",
      "anxin/v1/devices/d/events/WATER_READING", "anxin/v1/devices/d/commands/fall",
      "anxin/v1/devices/d/events/fall/extra", "/anxin/v1/devices/d/events/fall"})
  void givenATopicOutsideTheContract_whenParsed_thenItIsRefused(String topic) {
    assertThat(EventTopic.parse(topic)).isEmpty();
  }
}
