package cn.anxin.platform.registry.accounts;

import cn.anxin.platform.access.Accounts;
import cn.anxin.platform.access.Role;
import cn.anxin.platform.api.rest.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A new account: who signs in, as what, and where they work. Staff and supervisors need at least
 * one site (their scope); the other roles have none (a family member's scope is the elders they are
 * a contact of; the bureau and administrators see everything).
 */
public record AccountDraft(String username, String displayName, Role role, String password, String phone,
    String email, String locale, List<Long> siteIds) {

  public static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._@-]{3,64}$");
  public static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 -]{2,31}$");
  public static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  public static final Set<String> LOCALES = Set.of("zh-CN", "en");
  public static final int MAX_DISPLAY_NAME = 100;
  public static final int MAX_PASSWORD = 200;
  public static final int MAX_EMAIL = 254;

  public AccountDraft {
    siteIds = siteIds == null ? List.of() : List.copyOf(siteIds);
    locale = locale == null ? "zh-CN" : locale;
  }

  /** Every rule the draft breaks that needs no database, as field errors under {@code at}. */
  public List<FieldError> problems(String at) {
    List<FieldError> out = new ArrayList<>();
    if (username == null || !USERNAME.matcher(username).matches()) {
      out.add(FieldError.of(at + "/username", "account.username-format"));
    }
    if (displayName == null || displayName.isBlank() || displayName.length() > MAX_DISPLAY_NAME) {
      out.add(FieldError.of(at + "/displayName", "field.range"));
    }
    if (role == null) {
      out.add(FieldError.of(at + "/role", "field.required"));
    }
    out.addAll(passwordProblems(password, at + "/password"));
    out.addAll(contactProblems(phone, email, at));
    if (!LOCALES.contains(locale)) {
      out.add(FieldError.of(at + "/locale", "field.enum"));
    }
    if (role != null) {
      out.addAll(siteProblems(role, siteIds, at + "/siteIds"));
    }
    return out;
  }

  static List<FieldError> passwordProblems(String password, String field) {
    if (password == null || password.length() < Accounts.MIN_PASSWORD || password.length() > MAX_PASSWORD) {
      return List.of(FieldError.of(field, "account.password-length", Accounts.MIN_PASSWORD));
    }
    return List.of();
  }

  static List<FieldError> contactProblems(String phone, String email, String at) {
    List<FieldError> out = new ArrayList<>();
    if (phone != null && !PHONE.matcher(phone).matches()) {
      out.add(FieldError.of(at + "/phone", "account.phone-format"));
    }
    if (email != null && (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches())) {
      out.add(FieldError.of(at + "/email", "account.email-format"));
    }
    return out;
  }

  /** Staff and supervisors work for at least one site; other roles for none. */
  static List<FieldError> siteProblems(Role role, List<Long> siteIds, String field) {
    boolean needsSites = role == Role.STAFF || role == Role.SUPERVISOR;
    if (needsSites && siteIds.isEmpty()) {
      return List.of(FieldError.of(field, "account.sites-required"));
    }
    if (!needsSites && !siteIds.isEmpty()) {
      return List.of(FieldError.of(field, "account.sites-forbidden", role.name()));
    }
    return List.of();
  }
}
