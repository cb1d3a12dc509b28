package cn.anxin.gateway.family;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Who is a family app, and the one filter each may subscribe to. */
class FamilyTopicsTest {

  /** The registry's pattern of device ids (V1__foundation.sql). */
  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  @Test
  void givenClientIds_whenClassified_thenOnlyIssuedFamilyIdsAreFamilyAppsAndNoDeviceIdCanBeOne() {
    assertThat(FamilyPush.isFamilyClient("family@k3v9q2m7x1c8b4n6z0d5")).isTrue();
    assertThat(FamilyPush.isFamilyClient("family@K3V9Q2M7X1C8B4N6Z0D5")).isFalse();
    assertThat(FamilyPush.isFamilyClient("family@short")).isFalse();
    assertThat(FamilyPush.isFamilyClient("family-k3v9q2m7x1c8b4n6z0d5")).isFalse();
    assertThat(FamilyPush.isFamilyClient("radar-001")).isFalse();
    assertThat(FamilyPush.isFamilyClient(null)).isFalse();
    assertThat(DEVICE_ID.matcher("family@k3v9q2m7x1c8b4n6z0d5").matches()).isFalse();
  }

  @Test
  void givenFilters_whenAnAccountSubscribes_thenOnlyItsOwnTopicExactlyIsAllowed() {
    assertThat(FamilyPush.topic(42)).isEqualTo("anxin/v1/families/42/notifications");
    assertThat(FamilyPush.maySubscribe(42, "anxin/v1/families/42/notifications")).isTrue();
    assertThat(FamilyPush.maySubscribe(42, "anxin/v1/families/43/notifications")).isFalse();
    assertThat(FamilyPush.maySubscribe(42, "anxin/v1/families/4/notifications")).isFalse();
    assertThat(FamilyPush.maySubscribe(42, "anxin/v1/families/+/notifications")).isFalse();
    assertThat(FamilyPush.maySubscribe(42, "anxin/v1/families/42/#")).isFalse();
    assertThat(FamilyPush.maySubscribe(42, "anxin/v1/families/42/notifications/#")).isFalse();
    assertThat(FamilyPush.maySubscribe(42, "#")).isFalse();
    assertThat(FamilyPush.maySubscribe(42, null)).isFalse();
  }
}
