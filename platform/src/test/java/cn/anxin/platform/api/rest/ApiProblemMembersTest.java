package cn.anxin.platform.api.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A problem carries extension members of its own, in order, and never in place of a standard one. */
class ApiProblemMembersTest {

  @Test
  void givenAProblem_whenMembersAreAdded_thenTheyKeepTheirOrderAndNullsAndTheOriginalIsUnchanged() {
    ApiProblem plain = ApiProblem.conflict("alert.changed", "王芳");
    ApiProblem rich = plain.with("currentStatus", "ACKNOWLEDGED").with("changedAt", null)
        .with(new JsonObject().put("changedBy", new JsonObject().put("id", 7)));

    assertThat(rich.members().fieldNames()).containsExactly("currentStatus", "changedAt", "changedBy");
    assertThat(rich.members().encode())
        .isEqualTo("{\"currentStatus\":\"ACKNOWLEDGED\",\"changedAt\":null,\"changedBy\":{\"id\":7}}");
    assertThat(rich.status()).isEqualTo(409);
    assertThat(rich.args()).containsExactly("王芳");
    assertThat(plain.members().isEmpty()).isTrue();
    assertThat(rich.retryAfter(Duration.ofSeconds(3)).members()).isEqualTo(rich.members());
  }

  @Test
  void givenAStandardMembersName_whenAdded_thenItIsRefused() {
    assertThatThrownBy(() -> ApiProblem.notFound().with("status", 200))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiProblem.notFound().with(new JsonObject().put("detail", "x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
