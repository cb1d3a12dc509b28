package cn.anxin.platform.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.api.rest.Messages;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Moving alerts on through {@code POST /api/alerts/{id}/transitions}: every allowed and refused move,
 * the disposition rules, dispatch, stale views, and what each move stamps and records.
 */
class AlertTransitionsApiTest extends OnRunningStack {

  private static final List<String> LIFE =
      List.of("OPEN", "ACKNOWLEDGED", "CALLING", "DISPATCHED", "ON_SITE", "RESOLVED", "FALSE_ALARM");
  private static final List<String> TARGETS = LIFE.subList(1, LIFE.size());

  private AlertFixtures fx;
  private long elder;
  private long site;
  private long staffId;
  private long colleagueId;
  private long otherSiteStaffId;
  private long familyId;
  private ApiClient staff;
  private int rules;

  @BeforeAll
  void centre() throws Exception {
    fx = new AlertFixtures(db);
    elder = fx.elder("张桂英", "radar-move");
    site = fx.siteOf(elder);
    long otherElder = fx.elder("他中心老人", "radar-move-other");
    staffId = TestAccounts.create(db, "wang.fang", Role.STAFF, site);
    colleagueId = TestAccounts.create(db, "li.ming", Role.STAFF, site);
    otherSiteStaffId = TestAccounts.create(db, "zhao.other", Role.STAFF, fx.siteOf(otherElder));
    familyId = TestAccounts.family(db, "move.family", elder);
    TestAccounts.create(db, "move.supervisor", Role.SUPERVISOR, site);
    fx.count("UPDATE account SET display_name = '王芳' WHERE id = ? RETURNING 1", staffId);
    staff = stack.signIn("wang.fang");
  }

  @TestFactory
  Stream<DynamicTest> everyMoveFromEveryStatus_isAllowedForwardOrToFalseAlarmAndRefusedOtherwise() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String from : LIFE) {
      for (String to : TARGETS) {
        tests.add(DynamicTest.dynamicTest(from + " -> " + to, () -> checkMove(from, to)));
      }
    }
    return tests.stream();
  }

  private void checkMove(String from, String to) throws Exception {
    long alert = fx.alert(elder, "radar-move", "MOVE-" + from + "-" + to);
    fx.status(alert, from);
    boolean closed = from.equals("RESOLVED") || from.equals("FALSE_ALARM");
    boolean allowed = !closed && (to.equals("FALSE_ALARM") || LIFE.indexOf(to) > LIFE.indexOf(from));

    Answer answer = staff.post(transitions(alert), move(to, from));

    if (allowed) {
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      assertThat(answer.json().getJsonObject("alert").getString("status")).isEqualTo(to);
      JsonObject step = answer.json().getJsonObject("transition");
      assertThat(step.getString("from")).isEqualTo(from);
      assertThat(step.getString("to")).isEqualTo(to);
      assertThat(step.getJsonObject("by").getLong("id")).isEqualTo(staffId);
      assertThat(fx.count("SELECT count(*) FROM alert_transition WHERE alert_id = ? AND from_status = ?"
          + " AND to_status = ? AND account_id = ?", alert, from, to, staffId)).isEqualTo(1);
      assertThat(fx.count("SELECT count(*) FROM alert WHERE id = ? AND status = ?", alert, to)).isEqualTo(1);
    } else {
      assertThat(answer.status()).as(answer.body()).isEqualTo(409);
      assertThat(answer.isProblem()).isTrue();
      assertThat(answer.json().getString("code")).isEqualTo(closed ? "alert.closed" : "alert.not-forward");
      assertThat(answer.json().getString("currentStatus")).isEqualTo(from);
      assertThat(fx.count("SELECT count(*) FROM alert WHERE id = ? AND status = ?", alert, from)).isEqualTo(1);
      assertThat(fx.count("SELECT count(*) FROM alert_transition WHERE alert_id = ? AND from_status IS NOT NULL",
          alert)).isZero();
    }
  }

  @Test
  void givenAnOpenAlert_whenWalkedThroughEveryStep_thenEachIsStampedToTheSecondAndRecordedInOrder() throws Exception {
    long alert = fx.alert(elder, "radar-move", "WALK");
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String status = "OPEN";
    for (String to : List.of("ACKNOWLEDGED", "CALLING", "DISPATCHED", "ON_SITE")) {
      Answer answer = staff.post(transitions(alert), move(to, status).put("note", "步骤 " + to));
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      status = to;
    }
    Answer resolved = staff.post(transitions(alert), move("RESOLVED", "ON_SITE")
        .put("disposition", "REAL_EVENT").put("note", "老人跌倒后已送医"));
    Instant after = Instant.now();

    assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
    JsonObject detail = resolved.json().getJsonObject("alert");
    assertThat(detail.getString("status")).isEqualTo("RESOLVED");
    assertThat(detail.getString("disposition")).isEqualTo("REAL_EVENT");
    assertThat(detail.getString("closingNote")).isEqualTo("老人跌倒后已送医");
    assertThat(detail.getJsonObject("assignee").getLong("id")).as("a dispatch without assignee sends the caller")
        .isEqualTo(staffId);
    assertThat(detail.getJsonArray("nextStatuses")).isEmpty();
    Instant acknowledged = Instant.parse(detail.getString("acknowledgedAt"));
    Instant closedAt = Instant.parse(detail.getString("closedAt"));
    assertThat(acknowledged).isBetween(before, after).isEqualTo(acknowledged.truncatedTo(ChronoUnit.SECONDS));
    assertThat(closedAt).isBetween(acknowledged, after).isEqualTo(closedAt.truncatedTo(ChronoUnit.SECONDS));

    JsonArray steps = new JsonArray();
    staff.get("/api/alerts/" + alert + "/timeline").json().getJsonArray("entries").forEach(e -> {
      if (((JsonObject) e).getString("type").equals("TRANSITION")) {
        steps.add(((JsonObject) e).getString("to"));
      }
    });
    assertThat(steps).containsExactly("OPEN", "ACKNOWLEDGED", "CALLING", "DISPATCHED", "ON_SITE", "RESOLVED");
    assertThat(fx.count("SELECT count(*) FROM alert_transition WHERE alert_id = ? AND at <> date_trunc('second', at)",
        alert)).isZero();
    assertThat(fx.count("SELECT count(*) FROM alert_transition WHERE alert_id = ? AND from_status IS NULL"
        + " AND to_status = 'OPEN' AND account_id IS NULL", alert)).as("the raise, by the system").isEqualTo(1);
  }

  @Test
  void givenAnAcknowledgedAlert_whenACallBackShowsAllIsWell_thenItMayBeResolvedSkippingTheRest() throws Exception {
    long alert = fx.alert(elder, "radar-move", "SKIP");
    assertThat(staff.post(transitions(alert), move("ACKNOWLEDGED", "OPEN")).status()).isEqualTo(200);

    Answer answer = staff.post(transitions(alert), move("RESOLVED", "ACKNOWLEDGED")
        .put("disposition", "REAL_EVENT").put("note", "回访：老人自行起身，无受伤"));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().getJsonObject("alert").getString("status")).isEqualTo("RESOLVED");
  }

  @TestFactory
  Stream<DynamicTest> everyDisposition_closesOnlyTheWayItFits() {
    List<DynamicTest> tests = new ArrayList<>();
    List<String> resolving = List.of("REAL_EVENT", "DUPLICATE", "OTHER");
    List<String> falseAlarm = List.of("FALSE_ALARM_DEVICE", "FALSE_ALARM_BEHAVIOUR", "DEVICE_FAULT", "ELDER_AWAY",
        "TEST", "OTHER");
    for (String disposition : List.of("REAL_EVENT", "DUPLICATE", "FALSE_ALARM_DEVICE", "FALSE_ALARM_BEHAVIOUR",
        "DEVICE_FAULT", "ELDER_AWAY", "TEST", "OTHER")) {
      for (String to : List.of("RESOLVED", "FALSE_ALARM")) {
        boolean fits = (to.equals("RESOLVED") ? resolving : falseAlarm).contains(disposition);
        tests.add(DynamicTest.dynamicTest(to + " with " + disposition, () -> {
          long alert = fx.alert(elder, "radar-move", "DISP-" + to + "-" + disposition);
          Answer answer = staff.post(transitions(alert),
              move(to, "OPEN").put("disposition", disposition).put("note", "说明"));
          if (fits) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(fx.count("SELECT count(*) FROM alert WHERE id = ? AND disposition = ? AND closing_note = '说明'"
                + " AND closed_at IS NOT NULL", alert, disposition)).isEqualTo(1);
          } else {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(fieldError(answer)).isEqualTo("/body/disposition alert.disposition-mismatch");
            assertUnchanged(alert);
          }
        }));
      }
    }
    return tests.stream();
  }

  @Test
  void givenAClosingMoveWithoutDisposition_whenSent_thenRefusedNamingTheCodesThatFit() throws Exception {
    long alert = fx.alert(elder, "radar-move", "NO-DISP");

    Answer zh = staff.post(transitions(alert), new JsonObject().put("to", "FALSE_ALARM").put("expectedStatus", "OPEN"));
    Answer en = staff.inLanguage("en").post(transitions(alert),
        new JsonObject().put("to", "RESOLVED").put("expectedStatus", "OPEN").put("note", "无"));

    assertThat(zh.status()).isEqualTo(400);
    assertThat(fieldError(zh)).isEqualTo("/body/disposition alert.disposition-required");
    assertThat(zh.json().getJsonArray("errors").getJsonObject(0).getString("message"))
        .contains("FALSE_ALARM_DEVICE").contains("ELDER_AWAY").doesNotContain("REAL_EVENT");
    assertThat(en.json().getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("Closing an alert needs a disposition, one of: REAL_EVENT, DUPLICATE, OTHER.");
    assertUnchanged(alert);
  }

  @Test
  void givenOtherAsDisposition_whenNoNoteOrABlankOne_thenTheNoteIsRequired() throws Exception {
    long alert = fx.alert(elder, "radar-move", "OTHER-NOTE");

    Answer none = staff.post(transitions(alert), move("RESOLVED", "OPEN").put("disposition", "OTHER"));
    Answer blank = staff.post(transitions(alert), move("FALSE_ALARM", "OPEN").put("disposition", "OTHER")
        .put("note", "   "));

    assertThat(none.status()).isEqualTo(400);
    assertThat(fieldError(none)).isEqualTo("/body/note alert.note-required");
    assertThat(fieldError(blank)).isEqualTo("/body/note alert.note-required");
    assertUnchanged(alert);
  }

  @Test
  void givenAMoveThatDoesNotClose_whenItCarriesADisposition_thenRefused() throws Exception {
    long alert = fx.alert(elder, "radar-move", "DISP-OPEN");

    Answer answer = staff.post(transitions(alert), move("ACKNOWLEDGED", "OPEN").put("disposition", "REAL_EVENT"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(fieldError(answer)).isEqualTo("/body/disposition alert.disposition-not-closing");
    assertUnchanged(alert);
  }

  @Test
  void givenBodiesTheContractRefuses_whenSent_thenFieldLevel400s() throws Exception {
    long alert = fx.alert(elder, "radar-move", "SCHEMA");

    Answer toOpen = staff.post(transitions(alert), move("OPEN", "ACKNOWLEDGED"));
    Answer unknownField = staff.post(transitions(alert), move("ACKNOWLEDGED", "OPEN").put("by", 1));
    Answer noExpected = staff.post(transitions(alert), new JsonObject().put("to", "ACKNOWLEDGED"));
    Answer badDisposition = staff.post(transitions(alert), move("RESOLVED", "OPEN").put("disposition", "FINE"));
    Answer longNote = staff.post(transitions(alert), move("ACKNOWLEDGED", "OPEN").put("note", "长".repeat(1001)));

    assertThat(fieldErrors(toOpen)).contains("/body/to field.enum");
    assertThat(fieldErrors(unknownField)).anyMatch(e -> e.startsWith("/body/by") && e.endsWith(" field.unknown"));
    assertThat(fieldErrors(noExpected)).contains("/body/expectedStatus field.required");
    assertThat(fieldErrors(badDisposition)).contains("/body/disposition field.enum");
    assertThat(fieldErrors(longNote)).contains("/body/note field.range");
    assertUnchanged(alert);
  }

  @Test
  void givenADispatch_whenAColleagueOfTheSiteIsNamed_thenTheyAreTheAssigneeOnTheAlertAndTheStep() throws Exception {
    long alert = fx.alert(elder, "radar-move", "DISPATCH-OK");

    Answer answer = staff.post(transitions(alert), move("DISPATCHED", "OPEN").put("assigneeId", colleagueId));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().getJsonObject("alert").getJsonObject("assignee").getLong("id")).isEqualTo(colleagueId);
    assertThat(answer.json().getJsonObject("alert").getJsonObject("assignee").getString("displayName"))
        .isEqualTo("测试 li.ming");
    assertThat(answer.json().getJsonObject("transition").getJsonObject("assignee").getLong("id")).isEqualTo(colleagueId);
    assertThat(fx.count("SELECT count(*) FROM alert WHERE id = ? AND assignee_id = ?", alert, colleagueId)).isEqualTo(1);
    assertThat(fx.count("SELECT count(*) FROM alert_transition WHERE alert_id = ? AND to_status = 'DISPATCHED'"
        + " AND assignee_id = ? AND account_id = ?", alert, colleagueId, staffId)).isEqualTo(1);
  }

  @Test
  void givenADispatch_whenTheAssigneeIsNotStaffOfTheElderSite_thenRefusedAndNothingChanges() throws Exception {
    long alert = fx.alert(elder, "radar-move", "DISPATCH-BAD");

    for (long who : List.of(otherSiteStaffId, familyId, 99_999_999L)) {
      Answer answer = staff.post(transitions(alert), move("DISPATCHED", "OPEN").put("assigneeId", who));
      assertThat(answer.status()).as(answer.body()).isEqualTo(400);
      assertThat(fieldError(answer)).isEqualTo("/body/assigneeId alert.assignee-invalid");
    }
    Answer notADispatch = staff.post(transitions(alert), move("ACKNOWLEDGED", "OPEN").put("assigneeId", colleagueId));
    assertThat(fieldError(notADispatch)).isEqualTo("/body/assigneeId alert.assignee-not-dispatch");
    long disabled = TestAccounts.create(db, "move.disabled", Role.SUPERVISOR, site);
    fx.count("UPDATE account SET enabled = false WHERE id = ? RETURNING 1", disabled);
    assertThat(fieldError(staff.post(transitions(alert), move("DISPATCHED", "OPEN").put("assigneeId", disabled))))
        .isEqualTo("/body/assigneeId alert.assignee-invalid");
    assertUnchanged(alert);
  }

  @Test
  void givenAnAdministrator_whenDispatchingWithoutNamingAnyone_thenTheAssigneeIsRequired() throws Exception {
    long alert = fx.alert(elder, "radar-move", "DISPATCH-ADMIN");

    Answer unnamed = stack.admin().post(transitions(alert), move("DISPATCHED", "OPEN"));
    Answer named = stack.admin().post(transitions(alert), move("DISPATCHED", "OPEN").put("assigneeId", staffId));

    assertThat(fieldError(unnamed)).isEqualTo("/body/assigneeId alert.assignee-required");
    assertThat(named.status()).as(named.body()).isEqualTo(200);
    assertThat(named.json().getJsonObject("alert").getJsonObject("assignee").getLong("id")).isEqualTo(staffId);
  }

  @Test
  void givenNoDispatchBefore_whenStaffReportOnSite_thenTheyBecomeTheAssignee() throws Exception {
    long alert = fx.alert(elder, "radar-move", "ON-SITE-DIRECT");

    Answer answer = staff.post(transitions(alert), move("ON_SITE", "OPEN"));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().getJsonObject("alert").getJsonObject("assignee").getLong("id")).isEqualTo(staffId);
    assertThat(answer.json().getJsonObject("alert").getString("acknowledgedAt")).isNotNull();
  }

  @Test
  void givenAStaleView_whenMovingFromAStatusTheAlertIsNoLongerIn_thenConflictSaysWhoChangedItAndWhen()
      throws Exception {
    long alert = fx.alert(elder, "radar-move", "STALE");
    ApiClient colleague = stack.signIn("li.ming");
    Answer first = staff.post(transitions(alert), move("ACKNOWLEDGED", "OPEN"));
    String at = first.json().getJsonObject("transition").getString("at");

    Answer zh = colleague.post(transitions(alert), move("CALLING", "OPEN"));
    Answer en = colleague.inLanguage("en").post(transitions(alert), move("FALSE_ALARM", "OPEN")
        .put("disposition", "TEST"));

    assertThat(zh.status()).isEqualTo(409);
    assertThat(zh.isProblem()).isTrue();
    assertThat(zh.json().getString("code")).isEqualTo("alert.changed");
    assertThat(zh.json().getString("currentStatus")).isEqualTo("ACKNOWLEDGED");
    assertThat(zh.json().getString("changedAt")).isEqualTo(at);
    assertThat(zh.json().getJsonObject("changedBy")).isEqualTo(new JsonObject().put("id", staffId)
        .put("displayName", "王芳"));
    String hhmmss = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
        .format(Instant.parse(at).atZone(java.time.ZoneId.of("Asia/Shanghai")));
    assertThat(zh.json().getString("detail")).isEqualTo("该告警已由 王芳 于 " + hhmmss + " 改为“已确认”，请刷新后再操作。");
    assertThat(en.json().getString("detail"))
        .isEqualTo("This alert was changed to \"Acknowledged\" by 王芳 at " + hhmmss + "; refresh and try again.");
    assertThat(en.json().getString("title")).isEqualTo(Messages.text(Messages.EN, "status.409"));
    assertThat(fx.count("SELECT count(*) FROM alert_transition WHERE alert_id = ? AND from_status IS NOT NULL", alert))
        .isEqualTo(1);
  }

  @Test
  void givenAnOpenAlert_whenTheCallerExpectsAStatusItNeverReached_thenConflictNamesTheSystemRaise() throws Exception {
    long alert = fx.alert(elder, "radar-move", "NEVER");

    Answer answer = staff.post(transitions(alert), move("CALLING", "ACKNOWLEDGED"));

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.json().getString("code")).isEqualTo("alert.changed");
    assertThat(answer.json().getString("currentStatus")).isEqualTo("OPEN");
    assertThat(answer.json().getValue("changedBy")).isNull();
    assertThat(answer.json().getString("detail")).startsWith("该告警已由 系统 于");
  }

  @Test
  void givenRolesThatMayNotActOnAlerts_whenMoving_thenForbidden() throws Exception {
    long alert = fx.alert(elder, "radar-move", "ROLES");
    TestAccounts.create(db, "move.bureau", Role.BUREAU);

    assertThat(stack.signIn("move.family").post(transitions(alert), move("ACKNOWLEDGED", "OPEN")).status())
        .isEqualTo(403);
    assertThat(stack.signIn("move.bureau").post(transitions(alert), move("ACKNOWLEDGED", "OPEN")).status())
        .isEqualTo(403);
    assertThat(stack.signIn("move.supervisor").post(transitions(alert), move("ACKNOWLEDGED", "OPEN")).status())
        .isEqualTo(200);
    assertThat(stack.admin().post(transitions(alert), move("CALLING", "ACKNOWLEDGED")).status()).isEqualTo(200);
  }

  @Test
  void givenStaffOfAnotherSite_whenMovingThisSitesAlert_thenTheAnswerIsTheSameAsForNoAlertAtAll() throws Exception {
    long alert = fx.alert(elder, "radar-move", "OUTSIDE");
    ApiClient outsider = stack.signIn("zhao.other");

    Answer outside = outsider.post(transitions(alert), move("ACKNOWLEDGED", "OPEN"));
    Answer missing = outsider.post(transitions(99_999_999L), move("ACKNOWLEDGED", "OPEN"));

    assertThat(outside.status()).isEqualTo(404);
    assertThat(outside.json().copy().put("instance", "")).isEqualTo(missing.json().copy().put("instance", ""));
    assertUnchanged(alert);
  }

  private void assertUnchanged(long alert) throws Exception {
    assertThat(fx.count("SELECT count(*) FROM alert WHERE id = ? AND status = 'OPEN' AND acknowledged_at IS NULL"
        + " AND assignee_id IS NULL", alert)).isEqualTo(1);
    assertThat(fx.count("SELECT count(*) FROM alert_transition WHERE alert_id = ?", alert)).isEqualTo(1);
  }

  private static String fieldError(Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    JsonObject error = answer.json().getJsonArray("errors").getJsonObject(0);
    return error.getString("field") + " " + error.getString("code");
  }

  private static List<String> fieldErrors(Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    List<String> all = new ArrayList<>();
    answer.json().getJsonArray("errors").forEach(e ->
        all.add(((JsonObject) e).getString("field") + " " + ((JsonObject) e).getString("code")));
    return all;
  }

  static String transitions(long alert) {
    return "/api/alerts/" + alert + "/transitions";
  }

  static JsonObject move(String to, String expected) {
    JsonObject body = new JsonObject().put("to", to).put("expectedStatus", expected);
    if (to.equals("RESOLVED")) {
      body.put("disposition", "REAL_EVENT");
    } else if (to.equals("FALSE_ALARM")) {
      body.put("disposition", "FALSE_ALARM_BEHAVIOUR");
    }
    return body;
  }
}
