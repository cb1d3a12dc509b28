package cn.anxin.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecretHasherTest {

  private static final SecretHasher HASHER = new SecretHasher();
  private static Vertx vertx;
  private static WorkerExecutor workers;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    workers = vertx.createSharedWorkerExecutor("auth-test", 1);
  }

  @AfterAll
  static void stop() throws Exception {
    workers.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void generatedSecretsGetTheFastSaltedFormatAndVerify() {
    String secret = SecretHasher.newSecret();
    String hash = HASHER.hashGenerated(secret);
    assertThat(hash).startsWith(SecretHasher.FAST_PREFIX);
    assertThat(HASHER.hashGenerated(secret)).as("a fresh salt each time").isNotEqualTo(hash);
    assertThat(HASHER.matchesGenerated(secret, hash)).isTrue();
    assertThat(HASHER.matchesGenerated(secret + "x", hash)).isFalse();
    assertThat(HASHER.matchesGenerated(SecretHasher.newSecret(), hash)).isFalse();
  }

  @Test
  void argon2HashesStoredBeforeStillVerify() {
    String secret = SecretHasher.newSecret();
    String legacy = HASHER.hash(secret);
    assertThat(legacy).startsWith("$argon2id$");
    assertThat(HASHER.matchesGenerated(secret, legacy)).isTrue();
    assertThat(HASHER.matchesGenerated("wrong", legacy)).isFalse();
  }

  @Test
  void malformedHashesNeverMatch() {
    assertThat(HASHER.matchesGenerated("s", "$sha256s$")).isFalse();
    assertThat(HASHER.matchesGenerated("s", "$sha256s$!!!$???")).isFalse();
    assertThat(HASHER.matchesGenerated("s", "$sha256s$AAAA$AAAA")).isFalse();
    assertThat(HASHER.matchesGenerated("s", "plain")).isFalse();
    assertThat(HASHER.matchesGenerated("s", "")).isFalse();
  }

  @Test
  void passwordsStayArgon2idAndDoNotAcceptTheFastFormat() {
    String hash = HASHER.hash("Correct horse 1");
    assertThat(hash).startsWith("$argon2id$");
    assertThat(HASHER.matches("Correct horse 1", hash)).isTrue();
    assertThat(HASHER.matches("Correct horse 1", HASHER.hashGenerated("Correct horse 1"))).isFalse();
  }

  @Test
  void deviceAuthenticatorAcceptsBothFormatsAndAnswersUnknownIdsThroughTheDecoy() throws Exception {
    String fastSecret = SecretHasher.newSecret();
    String legacySecret = SecretHasher.newSecret();
    Map<String, DeviceCredential> known = Map.of(
        "fast-1", new DeviceCredential("fast-1", HASHER.hashGenerated(fastSecret), true, Optional.of(7L)),
        "legacy-1", new DeviceCredential("legacy-1", HASHER.hash(legacySecret), true, Optional.empty()));
    DeviceAuthenticator auth = new DeviceAuthenticator(id -> Optional.ofNullable(known.get(id)), HASHER, workers);

    assertThat(outcome(auth, "fast-1", fastSecret)).isEqualTo(AuthOutcome.ACCEPTED);
    assertThat(outcome(auth, "legacy-1", legacySecret)).isEqualTo(AuthOutcome.ACCEPTED);
    assertThat(outcome(auth, "fast-1", legacySecret)).isEqualTo(AuthOutcome.BAD_SECRET);
    assertThat(outcome(auth, "legacy-1", fastSecret)).isEqualTo(AuthOutcome.BAD_SECRET);
    assertThat(outcome(auth, "nobody", fastSecret)).isEqualTo(AuthOutcome.UNKNOWN_DEVICE);
    assertThat(outcome(auth, "nobody", "decoy-secret-for-unknown-devices"))
        .as("the decoy's own secret opens nothing").isEqualTo(AuthOutcome.UNKNOWN_DEVICE);
  }

  private static AuthOutcome outcome(DeviceAuthenticator auth, String id, String secret) throws Exception {
    return auth.authenticate(id, id, secret).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
