package cn.anxin.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.anxin.gateway.decode.DeviceEvent;
import cn.anxin.gateway.decode.EventKind;
import cn.anxin.gateway.decode.PayloadDecoder;
import cn.anxin.gateway.forward.Appended;
import cn.anxin.gateway.forward.JdbcEventJournal;
import cn.anxin.gateway.forward.JournalBatching;
import cn.anxin.platform.testing.Payloads;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway's journal writer gathers concurrent appends into one transaction, and each caller
 * learns its outcome only after that commit (the PUBACK waits for it), on real PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchedJournalTest {

  private static final JournalBatching ONE_WRITER = new JournalBatching(500, 1, Duration.ZERO);
  private final PayloadDecoder decoder = new PayloadDecoder();
  private HikariDataSource db;
  private Vertx vertx;
  private WorkerExecutor workers;

  @BeforeAll
  void start() throws Exception {
    db = TestDatabases.fresh();
    TestRegistry.elderWithRadar(db, "王秀兰", "radar-batch", "secret");
    vertx = Vertx.vertx();
    workers = vertx.createSharedWorkerExecutor("journal-test-db", 8);
  }

  @AfterAll
  void stop() throws Exception {
    workers.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    db.close();
  }

  @Test
  void givenTheJournalIsHeld_whenManyDevicesMessagesArrive_thenNoneCompletesBeforeTheCommitAndTheyShareOneTransaction()
      throws Exception {
    JdbcEventJournal journal = new JdbcEventJournal(vertx, db, workers, ONE_WRITER);
    List<Future<Appended>> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Connection blocker = db.getConnection(); Statement s = blocker.createStatement()) {
      // GIVEN another session holds the journal table, so the first batch cannot commit
      blocker.setAutoCommit(false);
      s.execute("LOCK TABLE device_event IN SHARE MODE");
      Future<Appended> first = journal.append(heartbeat("radar-batch", "held-0"));
      awaitInsertWaiting();

      // WHEN 200 more messages arrive meanwhile, from an event loop
      Context loop = vertx.getOrCreateContext();
      Promise<List<Boolean>> onLoop = Promise.promise();
      loop.runOnContext(v -> {
        List<Future<Boolean>> sameContext = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
          Future<Appended> f = journal.append(heartbeat("radar-batch", "held-" + i));
          waiting.add(f);
          sameContext.add(f.map(a -> Vertx.currentContext() == loop));
        }
        Future.all(sameContext).onComplete(all -> onLoop.complete(
            all.succeeded() ? all.result().list() : List.of(false)));
      });

      // THEN none of them is answered while the insert cannot commit
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
          .until(() -> !first.isComplete() && waiting.size() == 200 && waiting.stream().noneMatch(Future::isComplete));
      assertThat(count("SELECT count(*) FROM device_event WHERE msg_id LIKE 'held-%'")).isZero();
      blocker.rollback();
      waiting.add(first);
      List<Boolean> answeredOnTheirLoop = onLoop.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(answeredOnTheirLoop).hasSize(200).containsOnly(true);
    }

    // and once it commits, every caller has its own row, stored once
    List<Long> ids = new ArrayList<>();
    for (Future<Appended> f : waiting) {
      Appended appended = get(f);
      assertThat(appended.duplicate()).isFalse();
      ids.add(appended.eventId());
    }
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(count("SELECT count(*) FROM device_event WHERE msg_id LIKE 'held-%'")).isEqualTo(201);
    // the first batch held one row; the 200 that waited behind it went in one transaction
    assertThat(journal.batches()).isEqualTo(2);
    assertThat(journal.rowsWritten()).isEqualTo(201);
  }

  @Test
  void givenResendsInsideABatchAndAcrossBatches_whenStored_thenEachMessageIsStoredOnceAndResendsGetItsId()
      throws Exception {
    JdbcEventJournal journal = new JdbcEventJournal(vertx, db, workers, ONE_WRITER);
    Future<Appended> a;
    Future<Appended> b;
    Future<Appended> aAgain;
    Future<Appended> bAgain;
    Future<Appended> bThird;
    try (Connection blocker = db.getConnection(); Statement s = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      s.execute("LOCK TABLE device_event IN SHARE MODE");
      // GIVEN message A in the first batch, held
      a = journal.append(heartbeat("radar-batch", "dup-a"));
      awaitInsertWaiting();
      // WHEN B, a resend of A, and two resends of B arrive behind it (the second batch)
      b = journal.append(heartbeat("radar-batch", "dup-b"));
      aAgain = journal.append(heartbeat("radar-batch", "dup-a"));
      bAgain = journal.append(heartbeat("radar-batch", "dup-b"));
      bThird = journal.append(heartbeat("radar-batch", "dup-b"));
      blocker.rollback();
    }

    // THEN A and B are stored once each, and every resend is acknowledged as a duplicate of them
    assertThat(get(a).duplicate()).isFalse();
    assertThat(get(b).duplicate()).isFalse();
    assertThat(get(aAgain)).isEqualTo(new Appended(get(a).eventId(), true));
    assertThat(get(bAgain)).isEqualTo(new Appended(get(b).eventId(), true));
    assertThat(get(bThird)).isEqualTo(new Appended(get(b).eventId(), true));
    assertThat(count("SELECT count(*) FROM device_event WHERE msg_id IN ('dup-a', 'dup-b')")).isEqualTo(2);
    assertThat(journal.batches()).isEqualTo(2);

    // and a resend long after is a duplicate too
    assertThat(get(journal.append(heartbeat("radar-batch", "dup-a")))).isEqualTo(new Appended(get(a).eventId(), true));
  }

  @Test
  void givenTwoBatchesInFlightWithTheSameMessage_whenBothCommit_thenItIsStoredOnce() throws Exception {
    JdbcEventJournal journal = new JdbcEventJournal(vertx, db, workers, new JournalBatching(500, 2, Duration.ZERO));
    Future<Appended> one;
    Future<Appended> other;
    try (Connection blocker = db.getConnection(); Statement s = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      s.execute("LOCK TABLE device_event IN SHARE MODE");
      // GIVEN two writers, each with a batch holding the same message, both waiting on the lock
      one = journal.append(heartbeat("radar-batch", "race-1"));
      other = journal.append(heartbeat("radar-batch", "race-1"));
      await().atMost(Duration.ofSeconds(5)).until(() -> waitingInserts() == 2);
      // WHEN the database lets them through
      blocker.rollback();
    }
    // THEN one stored it and the other found it
    assertThat(List.of(get(one).duplicate(), get(other).duplicate())).containsExactlyInAnyOrder(true, false);
    assertThat(get(one).eventId()).isEqualTo(get(other).eventId());
    assertThat(count("SELECT count(*) FROM device_event WHERE msg_id = 'race-1'")).isEqualTo(1);
  }

  @Test
  void givenABatchWithOneRowTheDatabaseRefuses_whenWritten_thenOnlyThatCallerFails() throws Exception {
    JdbcEventJournal journal = new JdbcEventJournal(vertx, db, workers, ONE_WRITER);
    Future<Appended> good1;
    Future<Appended> refused;
    Future<Appended> good2;
    try (Connection blocker = db.getConnection(); Statement s = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      s.execute("LOCK TABLE device_event IN SHARE MODE");
      Future<Appended> first = journal.append(heartbeat("radar-batch", "mix-0"));
      awaitInsertWaiting();
      // GIVEN a batch with a message of a device the registry no longer has (a foreign key fails)
      good1 = journal.append(heartbeat("radar-batch", "mix-1"));
      refused = journal.append(heartbeat("radar-gone", "mix-2"));
      good2 = journal.append(heartbeat("radar-batch", "mix-3"));
      blocker.rollback();
      get(first);
    }
    // THEN its neighbours are stored and answered, and only it fails (no PUBACK: it will be resent)
    assertThat(get(good1).duplicate()).isFalse();
    assertThat(get(good2).duplicate()).isFalse();
    assertThatThrownBy(() -> get(refused)).hasRootCauseInstanceOf(java.sql.SQLException.class);
    assertThat(count("SELECT count(*) FROM device_event WHERE msg_id LIKE 'mix-%'")).isEqualTo(3);
  }

  @Test
  void givenTheDatabaseIsGone_whenMessagesArrive_thenTheirCallersFailAndNothingIsAcknowledged() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.getJdbcUrl());
    config.setUsername(db.getUsername());
    config.setPassword(db.getPassword());
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(1_000);
    HikariDataSource pool = new HikariDataSource(config);
    JdbcEventJournal journal = new JdbcEventJournal(vertx, pool, workers, ONE_WRITER);
    assertThat(get(journal.append(heartbeat("radar-batch", "gone-0"))).duplicate()).isFalse();

    // GIVEN the journal's connections are gone
    pool.close();
    // WHEN three messages arrive
    List<Future<Appended>> lost = List.of(
        journal.append(heartbeat("radar-batch", "gone-1")),
        journal.append(heartbeat("radar-batch", "gone-2")),
        journal.append(heartbeat("radar-batch", "gone-3")));
    // THEN each caller fails, so no PUBACK goes out, and nothing was stored
    for (Future<Appended> f : lost) {
      assertThatThrownBy(() -> get(f)).isInstanceOf(ExecutionException.class);
    }
    assertThat(count("SELECT count(*) FROM device_event WHERE msg_id LIKE 'gone-%'")).isEqualTo(1);
  }

  private DeviceEvent heartbeat(String deviceId, String msgId) {
    String json = "{\"msgId\":\"" + msgId + "\",\"ts\":\"" + Payloads.now() + "\",\"battery\":87}";
    try {
      return decoder.decode(deviceId, EventKind.HEARTBEAT, Buffer.buffer(json), Instant.now());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitInsertWaiting() {
    await().atMost(Duration.ofSeconds(5)).until(() -> waitingInserts() >= 1);
  }

  private long waitingInserts() throws Exception {
    return count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        + " AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO device_event%'");
  }

  private long count(String sql) throws Exception {
    return TestRegistry.count(db, sql);
  }

  private static Appended get(Future<Appended> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
