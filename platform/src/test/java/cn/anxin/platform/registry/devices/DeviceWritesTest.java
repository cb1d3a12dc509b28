package cn.anxin.platform.registry.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.anxin.gateway.auth.SecretHasher;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.testing.TestDatabases;
import cn.anxin.platform.testing.TestRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Upsert by device id and rebinding on a real database, as an import target calls them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceWritesTest {

  private static final SecretHasher HASHER = new SecretHasher();

  private HikariDataSource db;
  private final DeviceWrites writes = new DeviceWrites(Clock.systemUTC(), HASHER);
  private long elder;
  private long site;

  @BeforeAll
  void database() throws Exception {
    db = TestDatabases.fresh();
    elder = TestRegistry.elderWithRadar(db, "赵淑珍", "radar-legacy", "legacy-secret");
    site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder);
  }

  @AfterAll
  void close() {
    db.close();
  }

  @Test
  void givenTheSameRowTwiceThenAMovedOne_whenUpserted_thenOnlyTheCreationIssuesASecret() throws Exception {
    DeviceDraft row = new DeviceDraft("meter-ups", "WATER_METER", "LXSY-15", new Placement(elder, null, "厨房"));
    DeviceDraft moved = new DeviceDraft("meter-ups", "WATER_METER", "LXSY-15", new Placement(null, site, null));
    try (Connection c = db.getConnection()) {
      DeviceWrites.Upserted created = writes.upsert(c, row, null);
      DeviceWrites.Upserted again = writes.upsert(c, row, null);
      DeviceWrites.Upserted updated = writes.upsert(c, moved, null);

      assertThat(created.outcome()).isEqualTo(DeviceWrites.Upserted.Outcome.CREATED);
      assertThat(created.secret()).isPresent();
      assertThat(again.outcome()).isEqualTo(DeviceWrites.Upserted.Outcome.UNCHANGED);
      assertThat(again.secret()).isEmpty();
      assertThat(updated.outcome()).isEqualTo(DeviceWrites.Upserted.Outcome.UPDATED);
      assertThat(updated.secret()).isEmpty();
      assertThat(HASHER.matchesGenerated(created.secret().orElseThrow(), hash(c, "meter-ups"))).isTrue();
    }
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_binding WHERE device_id = 'meter-ups'")).isEqualTo(2);
    assertThat(TestRegistry.count(db, "SELECT site_id FROM device_binding WHERE device_id = 'meter-ups'"
        + " AND to_at IS NULL AND elder_id IS NULL")).isEqualTo(site);
  }

  @Test
  void givenAnotherKind_whenUpserted_thenConflictBecauseAKindNeverChanges() throws Exception {
    try (Connection c = db.getConnection()) {
      writes.upsert(c, new DeviceDraft("kind-ups", "WEARABLE", null, null), null);

      ApiProblem refused = catchThrowableOfType(ApiProblem.class,
          () -> writes.upsert(c, new DeviceDraft("kind-ups", "FALL_RADAR", null, null), null));

      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.code()).isEqualTo("device.kind-fixed");
    }
  }

  @Test
  void givenADeviceRegisteredWithoutBindingRows_whenRebound_thenItsEarlierBindingEntersTheHistory() throws Exception {
    try (Connection c = db.getConnection()) {
      boolean changed = writes.rebind(c, "radar-legacy", new Placement(null, site, "活动室"), null);

      assertThat(changed).isTrue();
    }
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_binding WHERE device_id = 'radar-legacy'"
        + " AND elder_id = ? AND room = 'bathroom' AND to_at IS NOT NULL", elder)).isEqualTo(1);
    assertThat(TestRegistry.count(db, "SELECT count(*) FROM device_binding WHERE device_id = 'radar-legacy'"
        + " AND room = '活动室' AND to_at IS NULL")).isEqualTo(1);
  }

  private static String hash(Connection c, String deviceId) throws Exception {
    try (PreparedStatement s = c.prepareStatement("SELECT secret_hash FROM device WHERE id = ?")) {
      s.setString(1, deviceId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }
}
