package cn.anxin.platform.registry.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Both languages say everything the engine can report. */
class ImportMessagesTest {

  private static final Path SOURCES = Path.of("src", "main", "java", "cn", "anxin", "platform", "registry", "importing");

  private static Properties bundle(String language) throws IOException {
    Properties p = new Properties();
    String resource = ImportMessages.ENGINE + "_" + language + ".properties";
    try (InputStream in = ImportMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  @Test
  void givenBothBundles_whenCompared_thenTheyHaveTheSameKeys() throws Exception {
    assertThat(bundle("en").stringPropertyNames()).isEqualTo(bundle("zh_CN").stringPropertyNames());
  }

  @Test
  void givenEveryCodeTheEngineUses_whenLookedUp_thenBothLanguagesHaveIt() throws Exception {
    Set<String> codes = new TreeSet<>();
    Pattern literal = Pattern.compile("\"(import\\.[a-z]+\\.[A-Za-z]+)\"");
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path file : files.toList()) {
        Matcher m = literal.matcher(Files.readString(file));
        while (m.find()) {
          codes.add(m.group(1));
        }
      }
    }

    assertThat(codes).hasSizeGreaterThan(20);
    assertThat(bundle("zh_CN").stringPropertyNames()).containsAll(codes);
    assertThat(bundle("en").stringPropertyNames()).containsAll(codes);
  }

  @Test
  void givenALocale_whenFormatting_thenChineseByDefaultAndEnglishOtherwise() {
    ImportMessages messages = ImportMessages.of(null);
    List<String> args = List.of("-3", "99");

    assertThat(messages.format(null, "import.value.outOfRange", args)).isEqualTo("应在 -3 到 99 之间");
    assertThat(messages.format(Locale.TRADITIONAL_CHINESE, "import.value.outOfRange", args))
        .isEqualTo("应在 -3 到 99 之间");
    assertThat(messages.format(Locale.GERMAN, "import.value.outOfRange", args)).isEqualTo("Must be between -3 and 99");
    assertThat(messages.format(Locale.ENGLISH, "elders.unknownCode", List.of("x"))).isEqualTo("elders.unknownCode [x]");
  }
}
