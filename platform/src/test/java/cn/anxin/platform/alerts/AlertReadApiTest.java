package cn.anxin.platform.alerts;

import static cn.anxin.platform.alerts.AlertTransitionsApiTest.move;
import static cn.anxin.platform.alerts.AlertTransitionsApiTest.transitions;
import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading one alert and its timeline ({@code GET /api/alerts/{id}}, {@code .../timeline}): what each
 * role sees, in what order, and that nobody learns of alerts outside their scope.
 */
class AlertReadApiTest extends OnRunningStack {

  private AlertFixtures fx;
  private long elder;
  private long staffId;
  private ApiClient staff;
  private ApiClient family;
  private long alert;
  private long cause;
  private long late;
  private long repeat;
  private long otherAlert;

  /**
   * One alert with a story: a fall 5 minutes ago (raised a second later), a second fall 100 s ago, and
   * a fall from 250 s ago that arrived late; then acknowledged with a note, dispatched, resolved.
   */
  @BeforeAll
  void story() throws Exception {
    fx = new AlertFixtures(db);
    elder = fx.elder("刘桂芝", "radar-story");
    long otherElder = fx.elder("他中心老人", "radar-story-other");
    staffId = TestAccounts.create(db, "story.staff", Role.STAFF, fx.siteOf(elder));
    fx.count("UPDATE account SET display_name = '王芳' WHERE id = ? RETURNING 1", staffId);
    TestAccounts.create(db, "story.outsider", Role.STAFF, fx.siteOf(otherElder));
    TestAccounts.family(db, "story.family", elder);
    TestAccounts.family(db, "story.other.family", otherElder);
    TestAccounts.create(db, "story.bureau", Role.BUREAU);
    staff = stack.signIn("story.staff");
    family = stack.signIn("story.family");

    Instant now = Instant.now();
    cause = fx.fall("radar-story", now.minusSeconds(300));
    alert = fx.raise(elder, "FALL", "P1", "radar-story", cause, now.minusSeconds(300), now.minusSeconds(299)).alertId();
    repeat = fx.fall("radar-story", now.minusSeconds(100));
    fx.raise(elder, "FALL", "P1", "radar-story", repeat, now.minusSeconds(100), now.minusSeconds(99));
    late = fx.event("radar-story", "FALL", now.minusSeconds(250), now.minusSeconds(50),
        "{\"msgId\":\"late\",\"ts\":\"x\",\"zone\":\"bedroom\",\"extra\":{\"nested\":1},\"note\":\"" + "长".repeat(150)
            + "\"}");
    fx.count("UPDATE device_event SET time_flag = 'LATE' WHERE id = ? RETURNING 1", late);
    fx.raise(elder, "FALL", "P1", "radar-story", late, now.minusSeconds(250), now.minusSeconds(49));
    assertThat(staff.post(transitions(alert), move("ACKNOWLEDGED", "OPEN").put("note", "已回电，无人接听"))
        .status()).isEqualTo(200);
    assertThat(staff.post(transitions(alert), move("DISPATCHED", "ACKNOWLEDGED")).status()).isEqualTo(200);
    assertThat(staff.post(transitions(alert), move("RESOLVED", "DISPATCHED").put("disposition", "REAL_EVENT")
        .put("note", "老人跌倒，已扶起，无外伤")).status()).isEqualTo(200);
    otherAlert = fx.alert(otherElder, "radar-story-other", "FALL");
  }

  @Test
  void givenAnAlertWithAStory_whenStaffReadTheTimeline_thenEventsAndTransitionsComeInTimeOrder() {
    Answer answer = staff.get("/api/alerts/" + alert + "/timeline");

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonObject timeline = answer.json();
    assertThat(timeline.getLong("alertId")).isEqualTo(alert);
    assertThat(timeline.getString("status")).isEqualTo("RESOLVED");
    assertThat(timeline.getInteger("eventCount")).isEqualTo(3);
    JsonArray entries = timeline.getJsonArray("entries");
    assertThat(lines(entries)).containsExactly(
        "EVENT " + cause,
        "TRANSITION null>OPEN",
        "EVENT " + late,
        "EVENT " + repeat,
        "TRANSITION OPEN>ACKNOWLEDGED",
        "TRANSITION ACKNOWLEDGED>DISPATCHED",
        "TRANSITION DISPATCHED>RESOLVED");
    List<Instant> times = new ArrayList<>();
    entries.forEach(e -> times.add(Instant.parse(((JsonObject) e).getString("at")).truncatedTo(ChronoUnit.SECONDS)));
    assertThat(times).isSorted();

    JsonObject first = entries.getJsonObject(0);
    assertThat(first.getBoolean("cause")).isTrue();
    assertThat(first.getString("kind")).isEqualTo("FALL");
    assertThat(first.getString("deviceId")).isEqualTo("radar-story");
    assertThat(Instant.parse(first.getString("receivedAt"))).isEqualTo(Instant.parse(first.getString("eventTime"))
        .plusSeconds(1));
    assertThat(first.getJsonObject("summary")).isEqualTo(new JsonObject().put("confidence", 0.93).put("zone", "bathroom"));
    JsonObject lateEntry = entries.getJsonObject(2);
    assertThat(lateEntry.getBoolean("cause")).isFalse();
    assertThat(lateEntry.getString("timeFlag")).isEqualTo("LATE");
    assertThat(lateEntry.getJsonObject("summary").fieldNames()).containsExactlyInAnyOrder("zone", "note");
    assertThat(lateEntry.getJsonObject("summary").getString("note")).hasSize(101).endsWith("…");

    JsonObject raise = entries.getJsonObject(1);
    assertThat(raise.getValue("by")).as("the system").isNull();
    JsonObject acknowledged = entries.getJsonObject(4);
    assertThat(acknowledged.getJsonObject("by")).isEqualTo(new JsonObject().put("id", staffId)
        .put("displayName", "王芳").put("role", "STAFF"));
    assertThat(acknowledged.getString("note")).isEqualTo("已回电，无人接听");
    assertThat(entries.getJsonObject(5).getJsonObject("assignee").getString("displayName")).isEqualTo("王芳");
    assertThat(entries.getJsonObject(6).getString("disposition")).isEqualTo("REAL_EVENT");
  }

  @Test
  void givenAFamilyMember_whenReadingTheirElderAlert_thenTheySeeWhatHappenedButNotWhoOnTheStaffNorTheirNotes()
      throws Exception {
    Answer detail = family.get("/api/alerts/" + alert);
    Answer timeline = family.get("/api/alerts/" + alert + "/timeline");

    assertThat(detail.status()).isEqualTo(200);
    assertThat(detail.json().getString("status")).isEqualTo("RESOLVED");
    assertThat(detail.json().getString("disposition")).isEqualTo("REAL_EVENT");
    assertThat(detail.json().containsKey("assignee")).isFalse();
    assertThat(detail.json().containsKey("closingNote")).isFalse();
    assertThat(timeline.status()).isEqualTo(200);
    JsonArray entries = timeline.json().getJsonArray("entries");
    assertThat(lines(entries)).hasSize(7);
    JsonObject acknowledged = entries.getJsonObject(4);
    assertThat(acknowledged.getJsonObject("by")).isEqualTo(new JsonObject().put("role", "STAFF"));
    assertThat(acknowledged.containsKey("note")).isFalse();
    assertThat(entries.getJsonObject(5).containsKey("assignee")).isFalse();
    assertThat(timeline.body()).doesNotContain("王芳").doesNotContain("已回电").doesNotContain("无外伤")
        .doesNotContain("story.staff");
    assertThat(fx.count("SELECT count(*) FROM access_audit a JOIN account acc ON acc.id = a.account_id"
        + " WHERE acc.username = 'story.family' AND a.action = 'ALERT_TIMELINE' AND a.elder_ids = ARRAY[?]::bigint[]",
        elder)).isEqualTo(1);
  }

  @Test
  void givenStaffAndTheBureau_whenReadingTheAlert_thenTheDetailNamesTheAssigneeAndTheClosingNote() throws Exception {
    for (ApiClient reader : List.of(staff, stack.signIn("story.bureau"), stack.admin())) {
      Answer answer = reader.get("/api/alerts/" + alert);

      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      JsonObject detail = answer.json();
      assertThat(detail.getLong("id")).isEqualTo(alert);
      assertThat(detail.getJsonObject("elder").getString("name")).isEqualTo("刘桂芝");
      assertThat(detail.getInteger("eventCount")).isEqualTo(3);
      assertThat(detail.getLong("causeEventId")).isEqualTo(cause);
      assertThat(detail.getJsonObject("assignee")).isEqualTo(new JsonObject().put("id", staffId)
          .put("displayName", "王芳"));
      assertThat(detail.getString("closingNote")).isEqualTo("老人跌倒，已扶起，无外伤");
      assertThat(detail.getJsonArray("nextStatuses")).isEmpty();
    }
    assertThat(fx.count("SELECT count(*) FROM access_audit a JOIN account acc ON acc.id = a.account_id"
        + " WHERE acc.username = 'story.staff' AND a.action = 'ALERT_READ' AND a.purpose = 'alert-handling'"))
        .isEqualTo(1);
  }

  @Test
  void givenAnOpenAlert_whenRead_thenItSaysWhereItMayGoNext() {
    Answer answer = stack.signIn("story.outsider").get("/api/alerts/" + otherAlert);

    assertThat(answer.json().getJsonArray("nextStatuses")).containsExactly(
        "ACKNOWLEDGED", "CALLING", "DISPATCHED", "ON_SITE", "RESOLVED", "FALSE_ALARM");
    assertThat(answer.json().getValue("assignee")).isNull();
    assertThat(answer.json().getValue("acknowledgedAt")).isNull();
  }

  @Test
  void givenAnAlertOutsideTheCallersScope_whenReadOrMoved_thenTheAnswerIsTheSameAsForNoAlertAtAll() {
    for (ApiClient outsider : List.of(stack.signIn("story.outsider"), stack.signIn("story.other.family"))) {
      for (String suffix : List.of("", "/timeline")) {
        Answer outside = outsider.get("/api/alerts/" + alert + suffix);
        Answer missing = outsider.get("/api/alerts/99999999" + suffix);
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.json().copy().put("instance", "")).isEqualTo(missing.json().copy().put("instance", ""));
        assertThat(outside.body()).doesNotContain("刘桂芝");
      }
    }
    Answer family = this.family.get("/api/alerts/" + otherAlert);
    assertThat(family.status()).isEqualTo(404);
  }

  private static List<String> lines(JsonArray entries) {
    List<String> lines = new ArrayList<>();
    entries.forEach(e -> {
      JsonObject entry = (JsonObject) e;
      lines.add(entry.getString("type").equals("EVENT") ? "EVENT " + entry.getLong("eventId")
          : "TRANSITION " + entry.getString("from") + ">" + entry.getString("to"));
    });
    return lines;
  }
}
