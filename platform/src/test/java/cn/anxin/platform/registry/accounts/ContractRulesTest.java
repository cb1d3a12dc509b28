package cn.anxin.platform.registry.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.access.Accounts;
import cn.anxin.platform.api.rest.ApiContract;
import cn.anxin.platform.registry.devices.DeviceDraft;
import cn.anxin.platform.registry.sites.SiteDraft;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The contract's patterns and lengths are the same rules the drafts check, so a spreadsheet row and
 * a REST request are held to one standard.
 */
class ContractRulesTest {

  private final JsonObject schemas = ApiContract.document().getJsonObject("components").getJsonObject("schemas");

  @Test
  void givenTheSiteSchemas_whenComparedWithSiteDraft_thenPatternsAgree() {
    for (String schema : new String[] {"SiteCreate", "SitePatch"}) {
      JsonObject p = schemas.getJsonObject(schema).getJsonObject("properties");
      assertThat(pattern(p, "code")).isEqualTo(SiteDraft.CODE.pattern().replace("\\d", "[0-9]"));
      assertThat(pattern(p, "areaCode")).isEqualTo(SiteDraft.AREA_CODE.pattern().replace("\\d", "[0-9]"));
      assertThat(pattern(p, "phone")).isEqualTo(SiteDraft.PHONE.pattern());
      assertThat(p.getJsonObject("name").getInteger("maxLength")).isEqualTo(SiteDraft.MAX_NAME);
    }
  }

  @Test
  void givenTheDeviceAndAccountSchemas_whenComparedWithTheDrafts_thenPatternsAndMinimumPasswordAgree() {
    assertThat(pattern(schemas.getJsonObject("DeviceRegistration").getJsonObject("properties"), "id"))
        .isEqualTo(DeviceDraft.ID.pattern());
    JsonObject create = schemas.getJsonObject("AccountCreate").getJsonObject("properties");
    JsonObject patch = schemas.getJsonObject("AccountPatch").getJsonObject("properties");
    assertThat(pattern(create, "username")).isEqualTo(AccountDraft.USERNAME.pattern());
    assertThat(create.getJsonObject("password").getInteger("minLength")).isEqualTo(Accounts.MIN_PASSWORD);
    assertThat(patch.getJsonObject("password").getInteger("minLength")).isEqualTo(Accounts.MIN_PASSWORD);
    assertThat(ApiContract.document().getJsonObject("paths").getJsonObject("/api/me/password").getJsonObject("put")
        .getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json")
        .getJsonObject("schema").getJsonObject("properties").getJsonObject("newPassword").getInteger("minLength"))
        .isEqualTo(Accounts.MIN_PASSWORD);
  }

  private static String pattern(JsonObject properties, String name) {
    return properties.getJsonObject(name).getString("pattern");
  }
}
