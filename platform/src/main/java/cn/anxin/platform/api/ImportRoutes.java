package cn.anxin.platform.api;

import cn.anxin.platform.api.rest.ApiModule;
import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.ApiReply;
import cn.anxin.platform.api.rest.ApiRequest;
import cn.anxin.platform.api.rest.ApiRoutes;
import cn.anxin.platform.registry.importing.ImportContext;
import cn.anxin.platform.registry.importing.ImportMode;
import cn.anxin.platform.registry.importing.ImportReport;
import cn.anxin.platform.registry.importing.ImportRunner;
import cn.anxin.platform.registry.imports.RegisterImport;
import cn.anxin.platform.registry.imports.RegisterImports;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * {@code POST /api/imports/{kind}}: a spreadsheet register (elders, sites, devices) into the
 * registry. 200 with the report when rows were imported or a dry run passed; 422 with the same
 * report, as a problem, when the file was refused and nothing was written.
 */
final class ImportRoutes implements ApiModule {

  private final ApiServices services;

  ImportRoutes(ApiServices services) {
    this.services = services;
  }

  private static void audit(ApiRoutes routes, ApiRequest request, java.util.List<Long> elders) {
    try (java.sql.Connection c = routes.dataSource().getConnection()) {
      cn.anxin.platform.privacy.AccessAudit.record(c, request, "ELDER_IMPORT", elders,
          java.util.List.of("name", "idCard", "phone", "address", "location", "categories"), "registry-import");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("the import was committed but its access-audit row could not be written", e);
    }
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.handler("importRegister", ctx -> {
      ApiRequest request = ApiRoutes.request(ctx);
      routes.workers().<ApiReply>executeBlocking(() -> run(routes, request), false).onComplete(result -> {
        if (result.succeeded()) {
          ApiRoutes.write(ctx, request.locale(), result.result());
        } else {
          ApiRoutes.fail(ctx, request.locale(), result.cause());
        }
      });
    });
  }

  private ApiReply run(ApiRoutes routes, ApiRequest request) {
    RegisterImport register = RegisterImports.of(request.path("kind"), services, routes.dataSource())
        .orElseThrow(ApiProblem::notFound);
    ImportMode mode = request.query("mode").filter("valid-rows"::equals).isPresent()
        ? ImportMode.VALID_ROWS : ImportMode.ALL_OR_NOTHING;
    boolean dryRun = request.query("dryRun").map(Boolean::parseBoolean).orElse(false);
    ImportContext context = new ImportContext(request.principal().username(), services.clock().instant(),
        Map.of("accountId", String.valueOf(request.principal().accountId())));
    ImportReport report = ImportRunner.run(routes.dataSource(), register.target(), request.rawBody(), mode,
        dryRun, context);
    if (report.written() && !register.eldersWritten().isEmpty()) {
      audit(routes, request, register.eldersWritten());
    }
    JsonObject json = report.toJson(request.locale());
    json.put("credentials", report.written() ? register.credentials() : new io.vertx.core.json.JsonArray());
    if (!report.written() && report.hasErrors()) {
      json.put("type", "urn:anxin:problem:import.rejected").put("status", 422)
          .put("title", cn.anxin.platform.api.rest.Messages.text(request.locale(), "status.422"))
          .put("detail", cn.anxin.platform.api.rest.Messages.text(request.locale(), "problem.import-rejected",
              report.problems().size() + report.fileProblems().size()))
          .put("code", "import.rejected");
      return ApiReply.bytes(422, json.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "application/problem+json; charset=utf-8").withHeader("Cache-Control", "no-store");
    }
    // The answer may carry device secrets: never kept by a cache.
    return ApiReply.ok(json).withHeader("Cache-Control", "no-store");
  }
}
