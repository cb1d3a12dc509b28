package cn.anxin.platform.meals;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.ApiClient.Answer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Swipes from meal-station readers over real MQTT into meal records: the subsidy under the policy in
 * force and its daily cap, unknown cards and elders without a policy recorded (not lost), and the
 * fraud flags of rules 15 (duplicate subsidy) and 16 (ineligible recipient, inflated station count).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MealSwipeTest extends OnMealStack {

  private long centre;
  private long stationA;
  private long stationB;
  private long poverty;

  @BeforeAll
  void stations() throws Exception {
    centre = dayCare("DC-SW");
    stationA = station("MS-A", "reader-a");
    stationB = station("MS-B", "reader-b");
    poverty = policy("EXTREME_POVERTY", 1500, 1500, 1500, 1);
    policy("LOW_INCOME", 500, 500, 800, 2);
  }

  @Test
  @Order(1)
  void givenARegisteredDinerWithAPolicy_whenTheReaderSendsASwipeOverMqtt_thenAMealRecordWithTheSubsidyIsStored()
      throws Exception {
    long elder = elder(centre, "张桂英", "EXTREME_POVERTY");
    credential(elder, "ELDER_CARD", "EC-0000123");

    publish("reader-a", swipe("elder_card", "EC-0000123", "lunch", 2000, 1500));

    assertThat(count("SELECT count(*) FROM meal_record WHERE elder_id = ? AND station_site_id = ?"
        + " AND outcome = 'SUBSIDISED' AND subsidy_fen = 1500 AND price_fen = 2000 AND paid_fen = 500"
        + " AND policy_id = ? AND meal_type = 'LUNCH' AND credential_last4 = '0123'", elder, stationA, poverty))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM meal_flag WHERE elder_id = ?", elder)).isZero();
  }

  @Test
  @Order(2)
  void givenAnUnknownCard_whenSwiped_thenTheMealIsRecordedAsAnUnknownCredentialWithoutSubsidy() throws Exception {
    publish("reader-a", swipe("social_security", "SS-NOBODY-9876", "lunch", 1800, 500));

    assertThat(count("SELECT count(*) FROM meal_record WHERE credential_last4 = '9876' AND elder_id IS NULL"
        + " AND outcome = 'UNKNOWN_CREDENTIAL' AND subsidy_fen = 0 AND claimed_subsidy_fen = 500"
        + " AND note LIKE '%no credential registered%'")).isEqualTo(1);
  }

  @Test
  @Order(3)
  void givenAnElderWithoutAPolicy_whenSwiped_thenNoSubsidyAndAFlagOnlyWhenTheReaderClaimedOne() throws Exception {
    long elder = elder(centre, "李德明");
    credential(elder, "FACE", "face-7001");

    publish("reader-a", swipe("face", "face-7001", "breakfast", 600, 0));
    publish("reader-a", swipe("face", "face-7001", "lunch", 1500, 500));

    assertThat(count("SELECT count(*) FROM meal_record WHERE elder_id = ? AND outcome = 'NO_POLICY'"
        + " AND subsidy_fen = 0", elder)).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM meal_flag WHERE elder_id = ? AND rule = 'INELIGIBLE_RECIPIENT'"
        + " AND reason = 'NOT_ELIGIBLE'", elder)).isEqualTo(1);
  }

  @Test
  @Order(4)
  void givenADailyCap_whenASecondMealIsServed_thenOnlyWhatIsLeftOfTheCapIsGrantedWithoutAFlag() throws Exception {
    long elder = elder(centre, "王秀兰", "LOW_INCOME");
    credential(elder, "ELDER_CARD", "EC-0000200");

    publish("reader-a", swipeAt(clock.instant().minus(Duration.ofHours(2)), "elder_card", "EC-0000200", "lunch",
        1500, 500));
    publish("reader-a", swipe("elder_card", "EC-0000200", "dinner", 1500, 500));

    assertThat(count("SELECT sum(subsidy_fen) FROM meal_record WHERE elder_id = ?", elder)).isEqualTo(800);
    assertThat(count("SELECT count(*) FROM meal_record WHERE elder_id = ? AND subsidy_fen = 300"
        + " AND outcome = 'SUBSIDISED' AND note LIKE '%daily cap%'", elder)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM meal_flag WHERE elder_id = ?", elder)).isZero();
  }

  @Test
  @Order(4)
  void givenTwoPoliciesCoveringAnElder_whenTheirMealsOfADayFallUnderEach_thenTheDaysFirstPolicyRulesBoth()
      throws Exception {
    // DISABLED: 300 a lunch or dinner, 600 a day, two meals; AGED_80: 500 a lunch only, one meal.
    long disabled = policy("DISABLED", 300, 300, 600, 2);
    policy("AGED_80", 500, 0, 500, 1);
    long elder = elder(centre, "李桂珍", "DISABLED", "AGED_80");
    credential(elder, "ELDER_CARD", "EC-0000250");

    publish("reader-a", swipeAt(clock.instant().minus(Duration.ofHours(5)), "elder_card", "EC-0000250", "dinner",
        1500, 300));
    publish("reader-a", swipe("elder_card", "EC-0000250", "lunch", 1500, 300));

    assertThat(count("SELECT sum(subsidy_fen) FROM meal_record WHERE elder_id = ?", elder))
        .as("both under the DISABLED policy, within its cap and its two meals").isEqualTo(600);
    assertThat(count("SELECT count(*) FROM meal_record WHERE elder_id = ? AND policy_id = ?", elder, disabled))
        .isEqualTo(2);
    assertThat(count("SELECT count(*) FROM meal_flag WHERE elder_id = ?", elder)).isZero();
  }

  @Test
  @Order(5)
  void givenOneSubsidisedMealToday_whenAnotherClaimsASubsidy_thenItIsWithheldAndFlaggedAsADuplicate()
      throws Exception {
    long elder = elder(centre, "赵国庆", "EXTREME_POVERTY");
    credential(elder, "ELDER_CARD", "EC-0000300");

    publish("reader-a", swipeAt(clock.instant().minus(Duration.ofHours(3)), "elder_card", "EC-0000300", "lunch",
        1500, 1500));
    publish("reader-a", swipe("elder_card", "EC-0000300", "dinner", 1500, 1500));

    assertThat(count("SELECT count(*) FROM meal_record WHERE elder_id = ? AND outcome = 'WITHHELD'"
        + " AND subsidy_fen = 0 AND claimed_subsidy_fen = 1500", elder)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM meal_flag WHERE elder_id = ? AND rule = 'DUPLICATE_SUBSIDY'"
        + " AND reason = 'DAILY_LIMIT' AND related_record_id IS NOT NULL AND status = 'OPEN'", elder)).isEqualTo(1);
  }

  @Test
  @Order(6)
  void givenOneCardAtTwoStationsWithinTheWindow_whenReviewed_thenTheSecondSubsidyIsWithheldUntilDismissed()
      throws Exception {
    long elder = elder(centre, "陈玉珍", "LOW_INCOME");
    credential(elder, "SOCIAL_SECURITY", "5323-0100-4455");
    publish("reader-a", swipeAt(clock.instant().minus(Duration.ofMinutes(20)), "social_security", "532301004455",
        "lunch", 1500, 500));
    publish("reader-b", swipe("social_security", "5323 0100 4455", "lunch", 1500, 500));

    assertThat(count("SELECT count(*) FROM meal_record WHERE elder_id = ? AND station_site_id = ?"
        + " AND outcome = 'WITHHELD' AND subsidy_fen = 0", elder, stationB)).isEqualTo(1);
    long flag = count("SELECT id FROM meal_flag WHERE elder_id = ? AND reason = 'TWO_STATIONS'"
        + " AND station_site_id = ? AND withheld_fen = 300", elder, stationB);
    assertThat(flag).isPositive();

    Answer dismissed = admin().post("/api/meals/flags/" + flag + "/review",
        new JsonObject().put("decision", "DISMISSED").put("note", "老人在两处各买一份，已核实"));
    Answer again = admin().post("/api/meals/flags/" + flag + "/review",
        new JsonObject().put("decision", "CONFIRMED").put("note", "再次审核"));

    assertThat(dismissed.status()).as(dismissed.body()).isEqualTo(200);
    assertThat(dismissed.json().getString("status")).isEqualTo("DISMISSED");
    assertThat(again.status()).isEqualTo(409);
    assertThat(count("SELECT count(*) FROM meal_record WHERE elder_id = ? AND station_site_id = ?"
        + " AND outcome = 'SUBSIDISED' AND subsidy_fen = 300", elder, stationB)).isEqualTo(1);
  }

  @Test
  @Order(6)
  void givenOneCardAtTwoStationsFurtherApartThanTheWindow_whenSwiped_thenBothAreSubsidisedWithoutAFlag()
      throws Exception {
    long elder = elder(centre, "何大妈", "LOW_INCOME");
    credential(elder, "ELDER_CARD", "EC-0000700");
    publish("reader-a", swipeAt(clock.instant().minus(Duration.ofMinutes(40)), "elder_card", "EC-0000700",
        "lunch", 1500, 500));
    publish("reader-b", swipe("elder_card", "EC-0000700", "lunch", 1500, 300));

    assertThat(count("SELECT count(*) FROM meal_record WHERE elder_id = ? AND outcome = 'SUBSIDISED'", elder))
        .isEqualTo(2);
    assertThat(count("SELECT count(*) FROM meal_flag WHERE elder_id = ?", elder)).isZero();
  }

  @Test
  @Order(7)
  void givenADeceasedElder_whenNoSubsidyIsAtStake_thenTheMealIsRecordedWithoutAFlag() throws Exception {
    long elder = elder(centre, "邓老伯");
    credential(elder, "ELDER_CARD", "EC-0000800");
    sql("INSERT INTO elder_status (elder_id, status, from_date) VALUES (" + elder + ", 'DECEASED', '"
        + today().minusDays(3) + "')");

    publish("reader-a", swipe("elder_card", "EC-0000800", "lunch", 1500, 0));

    assertThat(count("SELECT count(*) FROM meal_record WHERE elder_id = ? AND outcome = 'NOT_SUBSIDISED'"
        + " AND note LIKE '%ineligible: DECEASED%'", elder)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM meal_flag WHERE elder_id = ?", elder)).isZero();
  }

  @Test
  @Order(7)
  void givenADeceasedElderOrARevokedCard_whenASubsidyIsClaimed_thenItIsWithheldAndFlaggedIneligible()
      throws Exception {
    long deceased = elder(centre, "孙老汉", "EXTREME_POVERTY");
    credential(deceased, "ELDER_CARD", "EC-0000400");
    sql("INSERT INTO elder_status (elder_id, status, from_date) VALUES (" + deceased + ", 'DECEASED', '"
        + today().minusDays(10) + "')");
    long moved = elder(centre, "周大娘", "EXTREME_POVERTY");
    long card = credential(moved, "ELDER_CARD", "EC-0000500");
    Answer revoked = admin().post("/api/meals/credentials/" + card + "/revocation",
        new JsonObject().put("reason", "MOVED_AWAY"));
    long living = elder(centre, "钱阿姨", "EXTREME_POVERTY");
    credential(living, "ELDER_CARD", "EC-0000600");

    publish("reader-a", swipe("elder_card", "EC-0000400", "lunch", 1500, 1500),
        swipe("elder_card", "EC-0000500", "lunch", 1500, 1500),
        swipe("elder_card", "EC-0000600", "lunch", 1500, 1500));

    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
    assertThat(count("SELECT count(*) FROM meal_flag WHERE elder_id = ? AND rule = 'INELIGIBLE_RECIPIENT'"
        + " AND reason = 'DECEASED'", deceased)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM meal_flag WHERE elder_id = ? AND rule = 'INELIGIBLE_RECIPIENT'"
        + " AND reason = 'CREDENTIAL_REVOKED' AND detail ->> 'revokeReason' = 'MOVED_AWAY'", moved)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM meal_record WHERE elder_id IN (?, ?) AND outcome = 'WITHHELD'"
        + " AND subsidy_fen = 0", deceased, moved)).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM meal_flag WHERE elder_id = ?", living)).isZero();
  }

  @Test
  @Order(8)
  void givenAStationsUsualDailyCount_whenADayIsFarAboveIt_thenThatStationDayIsFlaggedOnce() throws Exception {
    station("MS-C", "reader-c");
    long stationC = count("SELECT id FROM site WHERE code = 'MS-C'");
    for (int day = 0; day < 7; day++) {
      publish("reader-c", swipe("elder_card", "EC-COUNT-" + day, "lunch", 1500, 0));
      assertThat(count("SELECT count(*) FROM meal_flag WHERE reason = 'STATION_COUNT'")).isZero();
      advance(Duration.ofDays(1));
    }
    publish("reader-c", swipe("elder_card", "EC-COUNT-A", "lunch", 1500, 0));
    assertThat(count("SELECT count(*) FROM meal_flag WHERE reason = 'STATION_COUNT'")).as("at its mean").isZero();

    publish("reader-c", swipe("elder_card", "EC-COUNT-B", "lunch", 1500, 0),
        swipe("elder_card", "EC-COUNT-C", "lunch", 1500, 0));

    assertThat(count("SELECT count(*) FROM meal_flag WHERE reason = 'STATION_COUNT' AND station_site_id = ?"
        + " AND service_day = ? AND rule = 'INELIGIBLE_RECIPIENT' AND (detail ->> 'baselineDays')::int = 7",
        stationC, today())).isEqualTo(1);
  }
}
