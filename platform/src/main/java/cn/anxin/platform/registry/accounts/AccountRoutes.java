package cn.anxin.platform.registry.accounts;

import cn.anxin.platform.access.Accounts;
import cn.anxin.platform.access.LoginGuard;
import cn.anxin.platform.access.Role;
import cn.anxin.platform.access.Sessions;
import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.api.rest.Authentication;
import cn.anxin.platform.api.rest.FieldError;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/accounts} for administrators (list, read, create, change; a password reset or
 * disabling ends the account's sessions), and {@code PUT /api/me/password} for everyone.
 */
public final class AccountRoutes implements ApiModule {

  private final Clock clock;
  private final AccountWrites writes;
  private final PasswordChange passwords;

  public AccountRoutes(Clock clock, Accounts accounts, Sessions sessions) {
    this.clock = clock;
    this.writes = new AccountWrites(accounts, sessions);
    this.passwords = new PasswordChange(accounts, LoginGuard.defaults(sessions.clock()), sessions.clock());
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.blocking("listAccounts", (request, c) -> ApiReply.ok(AccountJson.page(AccountReads.list(c,
        new AccountReads.Filter(request.query("role").map(Role::valueOf).orElse(null),
            request.queryLong("siteId").orElse(null), request.query("enabled").map(Boolean::valueOf).orElse(null),
            request.queryInt("limit", 100), request.queryInt("offset", 0)), clock.instant()))));
    routes.blocking("getAccount", (request, c) -> ApiReply.ok(AccountJson.of(
        AccountReads.one(c, request.pathLong("accountId"), clock.instant()).orElseThrow(ApiProblem::notFound))));
    routes.blocking("createAccount", (request, c) -> {
      AccountDraft draft = AccountJson.draft(request.body());
      List<FieldError> problems = new ArrayList<>(draft.problems("/body"));
      problems.addAll(AccountWrites.unknownSites(c, draft.siteIds(), "/body/siteIds"));
      if (!problems.isEmpty()) {
        throw ApiProblem.invalid(problems);
      }
      long id = writes.create(c, draft);
      return ApiReply.created(AccountJson.of(AccountReads.one(c, id, clock.instant()).orElseThrow()),
          "/api/accounts/" + id);
    });
    routes.blocking("updateAccount", (request, c) -> {
      long id = request.pathLong("accountId");
      JsonObject body = request.body();
      AccountView current = AccountReads.one(c, id, clock.instant()).orElseThrow(ApiProblem::notFound);
      AccountSettings before = AccountSettings.of(current);
      AccountSettings after = AccountJson.patch(before, body);
      String password = body.getString("password");
      List<FieldError> problems = new ArrayList<>(after.problems(current.role(), "/body"));
      if (body.containsKey("siteIds")) {
        problems.addAll(AccountWrites.unknownSites(c, after.siteIds(), "/body/siteIds"));
      }
      if (password != null) {
        problems.addAll(AccountDraft.passwordProblems(password, "/body/password"));
      }
      if (id == request.principal().accountId() && before.enabled() && !after.enabled()) {
        problems.add(FieldError.of("/body/enabled", "account.cannot-disable-self"));
      }
      if (!problems.isEmpty()) {
        throw ApiProblem.invalid(problems);
      }
      writes.update(c, id, before, after, password);
      return ApiReply.ok(AccountJson.of(AccountReads.one(c, id, clock.instant()).orElseThrow()));
    });
    routes.blocking("changeMyPassword", (request, c) -> passwords.change(c, request.principal(),
        Authentication.token(request.context()), request.clientIp(),
        request.body().getString("currentPassword"), request.body().getString("newPassword")));
  }
}
