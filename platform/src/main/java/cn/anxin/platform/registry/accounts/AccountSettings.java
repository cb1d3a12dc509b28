package cn.anxin.platform.registry.accounts;

import cn.anxin.platform.access.Role;
import cn.anxin.platform.api.rest.FieldError;
import java.util.ArrayList;
import java.util.List;

/** What an administrator may change on an existing account (its username and role stay). */
public record AccountSettings(String displayName, boolean enabled, List<Long> siteIds, String locale,
    String phone, String email) {

  public AccountSettings {
    siteIds = List.copyOf(siteIds);
  }

  public static AccountSettings of(AccountView v) {
    return new AccountSettings(v.displayName(), v.enabled(), v.siteIds(), v.locale(), v.phone(), v.email());
  }

  /** Every rule these settings break for an account of this role, as field errors under {@code at}. */
  public List<FieldError> problems(Role role, String at) {
    List<FieldError> out = new ArrayList<>();
    if (displayName == null || displayName.isBlank() || displayName.length() > AccountDraft.MAX_DISPLAY_NAME) {
      out.add(FieldError.of(at + "/displayName", "field.range"));
    }
    if (!AccountDraft.LOCALES.contains(locale)) {
      out.add(FieldError.of(at + "/locale", "field.enum"));
    }
    out.addAll(AccountDraft.contactProblems(phone, email, at));
    out.addAll(AccountDraft.siteProblems(role, siteIds, at + "/siteIds"));
    return out;
  }
}
