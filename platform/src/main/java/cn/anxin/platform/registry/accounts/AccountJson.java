package cn.anxin.platform.registry.accounts;

import cn.anxin.platform.access.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The API's JSON for accounts, both ways; no answer ever carries a password or its hash. */
public final class AccountJson {

  private AccountJson() {}

  public static AccountDraft draft(JsonObject body) {
    return new AccountDraft(body.getString("username"), body.getString("displayName"),
        Role.valueOf(body.getString("role")), body.getString("password"), blankless(body.getString("phone")),
        blankless(body.getString("email")), body.getString("locale"), ids(body.getJsonArray("siteIds")));
  }

  /** The settings with a PATCH body applied: left out stays, null clears (phone, email), else replaces. */
  public static AccountSettings patch(AccountSettings current, JsonObject patch) {
    return new AccountSettings(
        patch.containsKey("displayName") ? patch.getString("displayName") : current.displayName(),
        patch.containsKey("enabled") ? patch.getBoolean("enabled") : current.enabled(),
        patch.containsKey("siteIds") ? ids(patch.getJsonArray("siteIds")) : current.siteIds(),
        patch.containsKey("locale") ? patch.getString("locale") : current.locale(),
        patch.containsKey("phone") ? blankless(patch.getString("phone")) : current.phone(),
        patch.containsKey("email") ? blankless(patch.getString("email")) : current.email());
  }

  public static JsonObject of(AccountView a) {
    return new JsonObject()
        .put("id", a.id())
        .put("username", a.username())
        .put("displayName", a.displayName())
        .put("role", a.role().name())
        .put("phone", a.phone())
        .put("email", a.email())
        .put("locale", a.locale())
        .put("enabled", a.enabled())
        .put("siteIds", new JsonArray(a.siteIds()))
        .put("createdAt", a.createdAt().toString())
        .put("passwordChangedAt", a.passwordChangedAt().toString())
        .put("activeSessions", a.activeSessions());
  }

  public static JsonObject page(AccountReads.Page page) {
    JsonArray items = new JsonArray();
    page.items().forEach(a -> items.add(of(a)));
    return new JsonObject().put("items", items).put("total", page.total());
  }

  private static List<Long> ids(JsonArray array) {
    List<Long> out = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        out.add(array.getLong(i));
      }
    }
    return out;
  }

  private static String blankless(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
