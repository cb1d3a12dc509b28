package cn.anxin.platform.registry.sites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.testing.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Upsert by code on a real database, as an import target calls it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiteWritesTest {

  private HikariDataSource db;
  private final SiteWrites writes = new SiteWrites(Clock.systemUTC());

  @BeforeAll
  void database() throws Exception {
    db = TestDatabases.fresh();
  }

  @AfterAll
  void close() {
    db.close();
  }

  @Test
  void givenTheSameRowTwiceThenAChangedOne_whenUpserted_thenCreatedUnchangedUpdatedOnOneSite() throws Exception {
    SiteDraft first = institution("UPS-1", 80);
    SiteDraft changed = institution("UPS-1", 90);
    try (Connection c = db.getConnection()) {
      Upserted created = writes.upsert(c, first);
      Upserted again = writes.upsert(c, first);
      Upserted updated = writes.upsert(c, changed);

      assertThat(created.outcome()).isEqualTo(Upserted.Outcome.CREATED);
      assertThat(again).isEqualTo(new Upserted(Upserted.Outcome.UNCHANGED, created.id()));
      assertThat(updated).isEqualTo(new Upserted(Upserted.Outcome.UPDATED, created.id()));
      assertThat(SiteReads.draftById(c, created.id(), false)).contains(changed);
    }
  }

  @Test
  void givenATakenCode_whenCreated_thenConflictAndAnUncheckedDraftIsNotWritten() throws Exception {
    try (Connection c = db.getConnection()) {
      writes.create(c, institution("UPS-2", 50));

      ApiProblem taken = catchThrowableOfType(ApiProblem.class, () -> writes.create(c, institution("UPS-2", 60)));
      IllegalArgumentException unchecked = catchThrowableOfType(IllegalArgumentException.class,
          () -> writes.upsert(c, new SiteDraft("UPS-3", "x", "HOME", null, null, null, null, null, 5, null, true)));

      assertThat(taken.status()).isEqualTo(409);
      assertThat(taken.code()).isEqualTo("site.code-taken");
      assertThat(unchecked).isNotNull();
      assertThat(SiteReads.idByCode(c, "UPS-3", false)).isEmpty();
    }
  }

  private static SiteDraft institution(String code, int beds) {
    return new SiteDraft(code, "养老院 " + code, "INSTITUTION", "楚雄市", "532301",
        new SiteDraft.Location(101.5, 25.0), "楚雄市民政局", "0878-3123456", beds, 40, true);
  }
}
