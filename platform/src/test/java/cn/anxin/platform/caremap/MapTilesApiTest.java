package cn.anxin.platform.caremap;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.testing.OnRunningStack;
import cn.anxin.platform.testing.TestAccounts;
import cn.anxin.platform.testing.TestRegistry;
import org.junit.jupiter.api.Test;

/** GET /api/map/tiles on a stack started without tile settings (the default). */
class MapTilesApiTest extends OnRunningStack {

  @Test
  void givenNoTilesConfigured_whenSignedInCallersAsk_thenTilesAreOffAndAnonymousCallersAreRefused() throws Exception {
    long elder = TestRegistry.elderWithRadar(db, "孙秀珍", "radar-tiles-api", "s3cret-tiles");
    long site = TestRegistry.count(db, "SELECT site_id FROM elder WHERE id = ?", elder);
    TestAccounts.create(db, "tiles.staff", Role.STAFF, site);
    TestAccounts.family(db, "tiles.family", elder);

    var staff = stack.signIn("tiles.staff").get("/api/map/tiles");
    var family = stack.signIn("tiles.family").get("/api/map/tiles");
    var anonymous = stack.anonymous().get("/api/map/tiles");

    assertThat(staff.status()).isEqualTo(200);
    assertThat(staff.json().encode()).isEqualTo("{\"enabled\":false}");
    assertThat(family.status()).isEqualTo(200);
    assertThat(family.json().getBoolean("enabled")).isFalse();
    assertThat(anonymous.status()).isEqualTo(401);
  }
}
