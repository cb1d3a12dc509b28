package cn.anxin.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.launch.StackOptions;
import cn.anxin.platform.testing.ApiClient;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.RunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The client's address and TLS as a trusted reverse proxy reports them, and only as a trusted one does. */
class BehindAProxyTest {

  private static final JsonObject WRONG = new JsonObject().put("username", "proxied.staff").put("password", "wrong-one");

  @Test
  void givenATrustedProxy_whenItForwardsAClient_thenTheClientsAddressIsRecordedAndTheCookieIsSecure() throws Exception {
    StackOptions behindProxy = new StackOptions(true, true, StackOptions.loopback().gateway(), "127.0.0.1", 0,
        StackOptions.DEFAULT_JOURNAL_POLL_MILLIS, java.time.Clock.systemUTC(),
        cn.anxin.platform.privacy.PiiKeys.ephemeral(), java.time.Duration.ofHours(1), Set.of("127.0.0.1"));
    try (HikariDataSource db = TestDatabases.fresh(); RunningStack stack = RunningStack.start(db, behindProxy)) {
      TestAccounts.create(db, "proxied.staff", Role.STAFF);
      ApiClient proxied = stack.anonymous().withHeader("X-Forwarded-For", "198.51.100.7, 203.0.113.9")
          .withHeader("X-Forwarded-Proto", "https");

      assertThat(proxied.post("/api/session", WRONG).status()).isEqualTo(401);
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM login_failure WHERE client_ip = '203.0.113.9'")).isEqualTo(1);
      Answer signedIn = proxied.post("/api/session",
          new JsonObject().put("username", "proxied.staff").put("password", TestAccounts.PASSWORD));

      assertThat(signedIn.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("Secure"));
    }
  }

  @Test
  void givenNoTrustedProxy_whenAClientClaimsAnotherAddress_thenItsOwnAddressIsRecordedAndTheCookieIsNotSecure()
      throws Exception {
    try (HikariDataSource db = TestDatabases.fresh(); RunningStack stack = RunningStack.start(db)) {
      TestAccounts.create(db, "proxied.staff", Role.STAFF);
      ApiClient spoofing = stack.anonymous().withHeader("X-Forwarded-For", "203.0.113.9")
          .withHeader("X-Forwarded-Proto", "https");

      assertThat(spoofing.post("/api/session", WRONG).status()).isEqualTo(401);
      assertThat(TestRegistry.count(db, "SELECT count(*) FROM login_failure WHERE client_ip = '127.0.0.1'")).isEqualTo(1);
      Answer signedIn = spoofing.post("/api/session",
          new JsonObject().put("username", "proxied.staff").put("password", TestAccounts.PASSWORD));

      assertThat(signedIn.headers().allValues("Set-Cookie")).allSatisfy(c -> assertThat(c).doesNotContain("Secure"));
    }
  }
}
