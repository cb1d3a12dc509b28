package cn.anxin.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Requests crafted to get round the API's checks, and what they get instead. */
class HardeningTest extends OnRunningStack {

  @Test
  void givenAFamilyAccount_whenItCallsAnAdministratorOperationThroughAnOddlyWrittenPath_thenItIsNotFound()
      throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "路径老人", "radar-paths", "secret");
    TestAccounts.family(db, "paths.family", elder);
    ApiClient family = stack.signIn("paths.family");
    JsonObject admin = new JsonObject().put("username", "evil.admin").put("displayName", "x").put("role", "ADMIN")
        .put("password", "evil-password-123");

    for (String path : List.of("/api/accounts/", "/api//accounts", "/api/%61ccounts", "/api/x/../accounts")) {
      Answer answer = family.post(path, admin);
      assertThat(answer.status()).as(path + ": " + answer.body()).isIn(400, 404);
    }
    assertThat(family.post("/api/accounts", admin).status()).isEqualTo(403);
    assertThat(family.get("/api/elders/" + elder + "/./export").status()).isIn(400, 404);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM account WHERE username = 'evil.admin'")).isZero();
  }

  @Test
  void givenLargeOrOddBodies_whenSent_thenTheyAreRefusedBeforeBeingRead() throws Exception {
    String big = "{\"username\":\"" + "a".repeat(200_000) + "\",\"password\":\"x\"}";

    Answer anonymousBig = stack.anonymous().send("POST", "/api/session", big, "application/json");
    Answer anonymousWrite = stack.anonymous().send("POST", "/api/elders", big, "application/json");
    Answer form = stack.admin().send("POST", "/api/sites", "a=%ZZ\r\n", "application/x-www-form-urlencoded");

    assertThat(anonymousBig.status()).isEqualTo(413);
    assertThat(anonymousWrite.status()).isEqualTo(401);
    assertThat(form.status()).isEqualTo(415);
    assertThat(form.isProblem()).isTrue();
  }

  @Test
  void givenAWorkbookThatUnpacksToGigabytes_whenImported_thenItIsRefusedAsAFileProblem() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 100; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    assertThat(out.size()).as("the bomb is small").isLessThan(1 << 20);

    Answer answer = stack.admin().upload("/api/imports/sites", out.toByteArray());

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.json().getJsonArray("fileProblems").encode()).contains("import.file.tooLargeUnpacked");
    assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void givenAnEldersHome_whenSitesAreListedOrMapped_thenOnlyAdministratorsSeeItAsASite() throws Exception {
    try (var c = db.getConnection(); var s = c.createStatement()) {
      s.executeUpdate("INSERT INTO site (code, name, kind, address, lon, lat) VALUES"
          + " ('S-HOME-HARD', '陈阿婆家', 'HOME', '楚雄市某小区3栋', 101.54, 25.03)");
    }
    TestAccounts.create(db, "home.bureau", Role.BUREAU);
    ApiClient bureau = stack.signIn("home.bureau");
    long home = TestRegistry.count(db, "SELECT id FROM site WHERE code = 'S-HOME-HARD'");

    assertThat(bureau.get("/api/sites?limit=500").body()).doesNotContain("陈阿婆家");
    assertThat(bureau.get("/api/sites/" + home).status()).isEqualTo(404);
    assertThat(bureau.get("/api/map?layers=sites").body()).doesNotContain("陈阿婆家");
    assertThat(stack.admin().get("/api/sites/" + home).body()).contains("陈阿婆家");
  }

  @Test
  void givenManyWrongPasswordsSentAtOnce_whenTheyRace_thenNoMoreThanTheLimitAreChecked() throws Exception {
    TestAccounts.create(db, "raced.staff", Role.STAFF);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Callable<Integer>> guesses = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String guess = "guess-" + i;
        guesses.add(() -> stack.anonymous().post("/api/session",
            new JsonObject().put("username", "raced.staff").put("password", guess)).status());
      }
      int checked = 0;
      for (Future<Integer> f : pool.invokeAll(guesses)) {
        if (f.get() == 401) {
          checked++;
        }
      }
      assertThat(checked).as("guesses whose password was checked").isLessThanOrEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
  }
}
