package cn.anxin.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonContentTypeTest {

  @Test
  void givenJsonWithoutOrWithUtf8Charset_whenChecked_thenAccepted() {
    assertThat(JsonContentType.accepts("application/json")).isTrue();
    assertThat(JsonContentType.accepts("Application/JSON; charset=UTF-8")).isTrue();
    assertThat(JsonContentType.accepts("application/json;charset=\"utf-8\"")).isTrue();
  }

  @Test
  void givenOtherTypesOrCharsets_whenChecked_thenRefused() {
    assertThat(JsonContentType.accepts(null)).isFalse();
    assertThat(JsonContentType.accepts("text/plain")).isFalse();
    assertThat(JsonContentType.accepts("application/x-www-form-urlencoded")).isFalse();
    assertThat(JsonContentType.accepts("application/json; charset=GBK")).isFalse();
  }
}
