package cn.anxin.platform.alerts;

import static cn.anxin.platform.alerts.AlertTransitionsApiTest.move;
import static cn.anxin.platform.alerts.AlertTransitionsApiTest.transitions;
import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two staff members acting on the same alert at the same moment, through two real HTTP clients:
 * exactly one of them moves it, the other is told who did, and one transition is recorded.
 */
class AlertRaceTest extends OnRunningStack {

  private static final int ROUNDS = 20;

  private final ExecutorService threads = Executors.newFixedThreadPool(2);
  private AlertFixtures fx;
  private long elder;
  private ApiClient wang;
  private ApiClient li;
  private long wangId;
  private long liId;

  @BeforeAll
  void twoStaff() throws Exception {
    fx = new AlertFixtures(db);
    elder = fx.elder("杨国富", "radar-race");
    long site = fx.siteOf(elder);
    wangId = TestAccounts.create(db, "race.wang", Role.STAFF, site);
    liId = TestAccounts.create(db, "race.li", Role.SUPERVISOR, site);
    fx.count("UPDATE account SET display_name = CASE id WHEN ? THEN '王芳' ELSE '李明' END"
        + " WHERE id IN (?, ?) RETURNING 1", wangId, wangId, liId);
    wang = stack.signIn("race.wang");
    li = stack.signIn("race.li");
  }

  @AfterAll
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void givenTwoStaffActingOnTheSameOpenAlertAtOnce_whenRaced20Times_thenExactlyOneWinsEachRound() throws Exception {
    int wangWins = 0;
    for (int round = 0; round < ROUNDS; round++) {
      long alert = fx.alert(elder, "radar-race", "FALL");
      // Even rounds: both acknowledge. Odd rounds: one acknowledges while the other calls it a false alarm.
      JsonObject wangMove = move("ACKNOWLEDGED", "OPEN").put("note", "王芳 第" + round + "轮");
      JsonObject liMove = round % 2 == 0 ? move("ACKNOWLEDGED", "OPEN").put("note", "李明 第" + round + "轮")
          : move("FALSE_ALARM", "OPEN").put("disposition", "TEST");

      List<Answer> answers = race(alert, wangMove, liMove);

      Answer forWang = answers.get(0);
      Answer forLi = answers.get(1);
      assertThat(List.of(forWang.status(), forLi.status())).as("round %d: %s / %s", round, forWang.body(),
          forLi.body()).containsExactlyInAnyOrder(200, 409);
      boolean wangWon = forWang.status() == 200;
      wangWins += wangWon ? 1 : 0;
      Answer won = wangWon ? forWang : forLi;
      Answer lost = wangWon ? forLi : forWang;
      String winningStatus = won.json().getJsonObject("alert").getString("status");
      assertThat(lost.isProblem()).isTrue();
      assertThat(lost.json().getString("code")).isEqualTo("alert.changed");
      assertThat(lost.json().getString("currentStatus")).isEqualTo(winningStatus);
      assertThat(lost.json().getJsonObject("changedBy").getString("displayName"))
          .isEqualTo(wangWon ? "王芳" : "李明");
      assertThat(lost.json().getString("changedAt")).isEqualTo(won.json().getJsonObject("transition").getString("at"));
      assertThat(fx.count("SELECT count(*) FROM alert_transition WHERE alert_id = ? AND from_status IS NOT NULL",
          alert)).as("round %d: one step recorded", round).isEqualTo(1);
      assertThat(fx.count("SELECT count(*) FROM alert_transition WHERE alert_id = ? AND to_status = ?"
          + " AND account_id = ?", alert, winningStatus, wangWon ? wangId : liId)).isEqualTo(1);
      assertThat(fx.count("SELECT count(*) FROM alert WHERE id = ? AND status = ?", alert, winningStatus)).isEqualTo(1);
      if (!winningStatus.equals("FALSE_ALARM")) {
        assertThat(stack.admin().post(transitions(alert), move("FALSE_ALARM", winningStatus)
            .put("disposition", "TEST")).status()).isEqualTo(200);
      }
    }
    assertThat(fx.count("SELECT count(*) FROM alert WHERE elder_id = ? AND rule = 'FALL'", elder)).isEqualTo(ROUNDS);
    assertThat(fx.count("SELECT count(*) FROM alert WHERE elder_id = ? AND is_open", elder)).isZero();
    System.out.printf("alert race: 王芳 won %d of %d rounds%n", wangWins, ROUNDS);
  }

  /** Both requests sent as close together as two threads allow; answers in the order wang, li. */
  private List<Answer> race(long alert, JsonObject wangMove, JsonObject liMove) throws Exception {
    CountDownLatch ready = new CountDownLatch(2);
    CountDownLatch go = new CountDownLatch(1);
    Future<Answer> a = threads.submit(() -> {
      ready.countDown();
      go.await();
      return wang.post(transitions(alert), wangMove);
    });
    Future<Answer> b = threads.submit(() -> {
      ready.countDown();
      go.await();
      return li.post(transitions(alert), liMove);
    });
    assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
    go.countDown();
    return List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));
  }
}
