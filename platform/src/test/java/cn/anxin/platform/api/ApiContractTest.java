package cn.anxin.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.api.rest.Messages;
import cn.anxin.platform.testing.ApiClient.Answer;
import cn.anxin.platform.testing.OnRunningStack;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The OpenAPI contract as served, and the problems the API answers with when a request breaks it. */
class ApiContractTest extends OnRunningStack {

  @Test
  void givenTheServedContract_whenRead_thenEveryOperationIsNamedAndSaysWhoMayCallIt() {
    Answer answer = stack.anonymous().get("/api/openapi.json");

    assertThat(answer.status()).isEqualTo(200);
    JsonObject contract = answer.json();
    assertThat(contract.getString("openapi")).isEqualTo("3.1.0");
    JsonObject paths = contract.getJsonObject("paths");
    assertThat(paths.fieldNames()).contains("/api/session", "/api/alerts", "/api/imports/{kind}");
    for (String path : paths.fieldNames()) {
      paths.getJsonObject(path).forEach(entry -> {
        if (entry.getValue() instanceof JsonObject operation && operation.containsKey("responses")) {
          assertThat(operation.getString("operationId")).as(path).isNotBlank();
          boolean isPublic = operation.getJsonArray("security") != null && operation.getJsonArray("security").isEmpty();
          assertThat(isPublic || !operation.getJsonArray("x-roles", new io.vertx.core.json.JsonArray()).isEmpty())
              .as(entry.getKey() + " " + path + " names its roles").isTrue();
        }
      });
    }
  }

  @Test
  void givenAQueryParameterOutOfRange_whenSent_thenTheProblemNamesThatParameter() {
    Answer zh = stack.admin().get("/api/rejections?limit=0");
    Answer en = stack.admin().inLanguage("en").get("/api/rejections?limit=9999");

    assertThat(zh.status()).isEqualTo(400);
    assertThat(zh.isProblem()).isTrue();
    assertThat(zh.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/query/limit");
    assertThat(zh.json().getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo(Messages.text(Messages.ZH, "field.range"));
    assertThat(en.json().getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("Outside the allowed length or range.");
    assertThat(en.headers().firstValue("Content-Language")).contains("en");
  }

  @Test
  void givenADateTimeWithAnOffset_whenSentInTheQuery_thenItsPlusSignSurvives() {
    Answer encoded = stack.admin().get("/api/audit?from=2026-01-01T00:00:00%2B08:00&to=2030-01-01T00:00:00%2B08:00");
    Answer bad = stack.admin().get("/api/audit?from=yesterday");

    assertThat(encoded.status()).as(encoded.body()).isEqualTo(200);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorOn("/query/from").getString("code")).isEqualTo("field.format");
  }

  @Test
  void givenAnUnknownApiPath_whenAsked_thenItIsA404Problem() {
    Answer answer = stack.admin().get("/api/no-such-thing");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.isProblem()).isTrue();
    assertThat(answer.json().getString("code")).isEqualTo("problem.not-found");
  }

  @Test
  void givenEveryMessageKeyInChinese_whenLookedUpInEnglish_thenItExistsThere() {
    for (String key : new String[] {"problem.invalid", "problem.login-failed", "field.required", "status.404"}) {
      assertThat(Messages.has(Messages.ZH, key)).as(key).isTrue();
      assertThat(Messages.has(Locale.ENGLISH, key)).as(key).isTrue();
      assertThat(Messages.text(Messages.ZH, key)).isNotEqualTo(Messages.text(Messages.EN, key));
    }
  }
}
