package cn.anxin.platform.registry.sites;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.api.rest.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The site rules alone, as an import row would meet them (no REST contract in front). */
class SiteDraftTest {

  @Test
  void givenBlankOptionalText_whenNormalised_thenItIsAbsentAndTheRestIsTrimmed() {
    SiteDraft draft = new SiteDraft(" CX-1 ", " 食堂 ", "MEAL_STATION", "  ", "", null, " ", null, null, null, true)
        .normalised();

    assertThat(draft.code()).isEqualTo("CX-1");
    assertThat(draft.name()).isEqualTo("食堂");
    assertThat(draft.address()).isNull();
    assertThat(draft.areaCode()).isNull();
    assertThat(draft.ownerOrg()).isNull();
    assertThat(draft.problems("/rows/3")).isEmpty();
  }

  @Test
  void givenARowBreakingEveryRule_whenChecked_thenEachFieldIsNamedUnderTheGivenPointer() {
    SiteDraft draft = new SiteDraft("x", null, "HOSPITAL", null, "5323011",
        new SiteDraft.Location(200, 25), null, "phone", -1, null, true);

    List<String> fields = draft.problems("/rows/7").stream().map(FieldError::field).toList();

    assertThat(fields).containsExactlyInAnyOrder("/rows/7/code", "/rows/7/name", "/rows/7/kind",
        "/rows/7/areaCode", "/rows/7/location/lon", "/rows/7/phone", "/rows/7/beds");
  }

  @Test
  void givenNursingBeds_whenCheckedPerKind_thenOnlyInstitutionsWithEnoughBedsPass() {
    assertThat(codes(site("INSTITUTION", 100, 55))).isEmpty();
    assertThat(codes(site("INSTITUTION", 100, 100))).isEmpty();
    assertThat(codes(site("INSTITUTION", 50, 51))).containsExactly("site.nursing-beds-over-beds");
    assertThat(codes(site("INSTITUTION", null, 5))).containsExactly("site.nursing-beds-without-beds");
    assertThat(codes(site("DAY_CARE", 10, 2))).containsExactly("site.nursing-beds-institution-only");
    assertThat(codes(site("DAY_CARE", 10, null))).isEmpty();
    assertThat(codes(site("HOME", 1, null))).containsExactly("site.beds-not-applicable");
  }

  private static SiteDraft site(String kind, Integer beds, Integer nursingBeds) {
    return new SiteDraft("CX-" + kind, "站点", kind, null, "532301", null, null, null, beds, nursingBeds, true);
  }

  private static List<String> codes(SiteDraft draft) {
    return draft.problems("").stream().map(FieldError::code).toList();
  }
}
