package cn.anxin.platform.registry.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Import messages in Simplified Chinese (the default) and English, from UTF-8 properties files
 * {@code <base>_zh_CN.properties} and {@code <base>_en.properties} on the classpath, in
 * {@link java.text.MessageFormat} syntax. A target's own bundle (see
 * {@link ImportTarget#messageBundle()}) is consulted before the engine's {@value #ENGINE}.
 */
public final class ImportMessages {

  /** The engine's bundle base name. */
  public static final String ENGINE = "i18n/import";
  /** The language used when none is asked for. */
  public static final Locale DEFAULT_LOCALE = Locale.SIMPLIFIED_CHINESE;

  private static final Map<String, Properties> LOADED = new ConcurrentHashMap<>();

  private final List<String> bases;

  private ImportMessages(List<String> bases) {
    this.bases = List.copyOf(bases);
  }

  /** The engine's messages, preceded by the target bundle {@code targetBase} when not null. */
  public static ImportMessages of(String targetBase) {
    List<String> bases = new ArrayList<>();
    if (targetBase != null) {
      bases.add(targetBase);
    }
    bases.add(ENGINE);
    return new ImportMessages(bases);
  }

  /**
   * The message for {@code code} in the language of {@code locale} (any Chinese locale gives
   * Simplified Chinese, anything else English; null gives Chinese), falling back to the other
   * language, then to the code and its arguments.
   */
  public String format(Locale locale, String code, List<String> args) {
    String language = suffixFor(locale);
    String pattern = find(language, code);
    if (pattern == null) {
      pattern = find(language.equals("zh_CN") ? "en" : "zh_CN", code);
    }
    if (pattern == null && cn.anxin.platform.api.rest.Messages.has(locale(language), code)) {
      // The registry's own rules (a site's, a device's, an elder's) speak through the API's bundles.
      return cn.anxin.platform.api.rest.Messages.text(locale(language), code, new ArrayList<Object>(args));
    }
    if (pattern == null) {
      return args.isEmpty() ? code : code + " " + args;
    }
    Locale formatLocale = language.equals("zh_CN") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    return new MessageFormat(pattern, formatLocale).format(args.toArray());
  }

  /** The message of a problem; see {@link #format}. */
  public String format(Locale locale, ImportProblem problem) {
    return format(locale, problem.code(), problem.args());
  }

  private String find(String language, String code) {
    for (String base : bases) {
      String pattern = load(base + "_" + language + ".properties").getProperty(code);
      if (pattern != null) {
        return pattern;
      }
    }
    return null;
  }

  private static Locale locale(String suffix) {
    return suffix.equals("zh_CN") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
  }

  private static String suffixFor(Locale locale) {
    Locale l = locale == null ? DEFAULT_LOCALE : locale;
    return l.getLanguage().equals("zh") ? "zh_CN" : "en";
  }

  private static Properties load(String resource) {
    return LOADED.computeIfAbsent(resource, r -> {
      Properties properties = new Properties();
      try (InputStream in = ImportMessages.class.getClassLoader().getResourceAsStream(r)) {
        if (in != null) {
          properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + r, e);
      }
      return properties;
    });
  }
}
