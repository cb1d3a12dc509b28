package cn.anxin.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicCredentialsTest {

  @Test
  void givenBasicHeader_whenParsed_thenUserAndPasswordAreSplitAtTheFirstColon() {
    assertThat(BasicCredentials.parse(basic("radar-001:se:cret")))
        .contains(new BasicCredentials("radar-001", "se:cret"));
  }

  @Test
  void givenSchemeInAnyCaseAndUtf8Password_whenParsed_thenItIsRead() {
    String header = "bAsIc " + Base64.getEncoder().encodeToString("meter-7:密钥".getBytes(StandardCharsets.UTF_8));
    assertThat(BasicCredentials.parse(header)).contains(new BasicCredentials("meter-7", "密钥"));
  }

  @Test
  void givenHeadersThatAreNotWellFormedBasic_whenParsed_thenEmpty() {
    assertThat(BasicCredentials.parse(null)).isEmpty();
    assertThat(BasicCredentials.parse("Bearer abc")).isEmpty();
    assertThat(BasicCredentials.parse("Basic")).isEmpty();
    assertThat(BasicCredentials.parse("Basic not*base64")).isEmpty();
    assertThat(BasicCredentials.parse(basic("no-colon"))).isEmpty();
    assertThat(BasicCredentials.parse(basic(":secret-without-user"))).isEmpty();
    assertThat(BasicCredentials.parse("Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', 'x'})))
        .as("not UTF-8").isEmpty();
  }

  @Test
  void givenCredentials_whenPrinted_thenThePasswordIsHidden() {
    assertThat(new BasicCredentials("radar-001", "s3cret").toString()).doesNotContain("s3cret");
  }

  private static String basic(String userAndPassword) {
    return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }
}
