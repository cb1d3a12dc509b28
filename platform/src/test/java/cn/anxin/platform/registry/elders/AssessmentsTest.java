package cn.anxin.platform.registry.elders;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ability assessments per GB/T 42195-2022 through the API. */
class AssessmentsTest extends OnRunningStack {

  private long site;
  private ApiClient admin;
  private ApiClient staff;

  @BeforeAll
  void registry() throws Exception {
    site = ElderFixtures.site(db, "评估测试中心");
    admin = stack.admin();
    TestAccounts.create(db, "assess.staff", Role.STAFF, site);
    staff = stack.signIn("assess.staff");
  }

  @ParameterizedTest
  @CsvSource({
      "90, INTACT, 能力完好", "89, MILD, 轻度失能", "66, MILD, 轻度失能", "65, MODERATE, 中度失能",
      "46, MODERATE, 中度失能", "45, SEVERE, 重度失能", "30, SEVERE, 重度失能", "29, COMPLETE, 完全失能",
      "0, COMPLETE, 完全失能"})
  void givenAScore_whenStaffRecordAnAssessment_thenTheLevelFollowsTheStandard(int score, String level, String label) {
    long elder = ElderFixtures.elder(admin, "评估" + score, site);

    ApiClient.Answer answer = staff.post("/api/elders/" + elder + "/assessments", new JsonObject()
        .put("score", score).put("assessedOn", "2025-03-15").put("assessor", "赵敏"));

    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    JsonObject assessment = answer.json();
    assertThat(assessment.getInteger("score")).isEqualTo(score);
    assertThat(assessment.getString("level")).isEqualTo(level);
    assertThat(assessment.getString("levelLabel")).isEqualTo(label);
    assertThat(assessment.getString("nextDue")).isEqualTo("2026-03-15");
  }

  @Test
  void givenAssessments_whenTheElderIsRead_thenTheLatestOneShowsWithItsOverdueFlagInTheAskedLanguage() {
    long elder = ElderFixtures.elder(admin, "评估历史", site);
    staff.post("/api/elders/" + elder + "/assessments", new JsonObject()
        .put("score", 70).put("assessedOn", "2023-09-05").put("assessor", "杨春"));
    staff.post("/api/elders/" + elder + "/assessments", new JsonObject()
        .put("score", 38).put("assessedOn", "2024-09-10").put("assessor", "杨春").put("nextDue", "2025-03-10"));

    JsonObject latest = staff.inLanguage("en").get("/api/elders/" + elder).json().getJsonObject("latestAssessment");
    JsonArray all = staff.get("/api/elders/" + elder + "/assessments").array();

    assertThat(latest.getInteger("score")).isEqualTo(38);
    assertThat(latest.getString("level")).isEqualTo("SEVERE");
    assertThat(latest.getString("levelLabel")).isEqualTo("severe");
    assertThat(latest.getString("assessor")).isEqualTo("杨春");
    assertThat(latest.getString("assessedOn")).isEqualTo("2024-09-10");
    assertThat(latest.getString("nextDue")).isEqualTo("2025-03-10");
    assertThat(latest.getBoolean("overdue")).isTrue();
    assertThat(all).hasSize(2);
    assertThat(all.getJsonObject(1).getString("level")).isEqualTo("MILD");
    assertThat(admin.get("/api/elders?q=" + java.net.URLEncoder.encode("评估历史", java.nio.charset.StandardCharsets.UTF_8))
        .json().getJsonArray("items").getJsonObject(0).getString("abilityLevel")).isEqualTo("SEVERE");
  }

  @Test
  void givenAFutureDateOrANextDueNotAfterIt_whenRecording_thenFieldErrors() {
    long elder = ElderFixtures.elder(admin, "评估日期", site);
    String tomorrow = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1).toString();

    ApiClient.Answer future = staff.post("/api/elders/" + elder + "/assessments", new JsonObject()
        .put("score", 50).put("assessedOn", tomorrow).put("assessor", "赵敏"));
    ApiClient.Answer due = staff.inLanguage("en").post("/api/elders/" + elder + "/assessments", new JsonObject()
        .put("score", 50).put("assessedOn", "2025-01-10").put("assessor", "赵敏").put("nextDue", "2025-01-10"));
    ApiClient.Answer range = staff.post("/api/elders/" + elder + "/assessments", new JsonObject()
        .put("score", 91).put("assessedOn", "2025-01-10").put("assessor", "赵敏"));
    ApiClient.Answer unreal = staff.post("/api/elders/" + elder + "/assessments", new JsonObject()
        .put("score", 50).put("assessedOn", "2025-02-30").put("assessor", "赵敏"));

    assertThat(future.status()).isEqualTo(400);
    assertThat(ElderFixtures.fields(future)).containsExactly("/body/assessedOn");
    assertThat(ElderFixtures.message(future, "/body/assessedOn")).contains("不能晚于今天");
    assertThat(due.status()).isEqualTo(400);
    assertThat(ElderFixtures.message(due, "/body/nextDue")).contains("after");
    assertThat(range.status()).isEqualTo(400);
    assertThat(ElderFixtures.fields(range)).as(range.body()).contains("/body/score")
        .allMatch(f -> String.valueOf(f).startsWith("/body/score"));
    assertThat(unreal.status()).isEqualTo(400);
    assertThat(staff.get("/api/elders/" + elder + "/assessments").array()).isEmpty();
  }
}
