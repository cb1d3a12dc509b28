package cn.anxin.platform.api.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * User-facing text of the API in zh-CN (the default) and English, from UTF-8 properties files
 * {@code i18n/<bundle>_zh_CN.properties} and {@code i18n/<bundle>_en.properties}, one bundle per
 * area of the API. A key missing in English falls back to Chinese; a key missing in both is shown
 * as itself, which a test catches.
 */
public final class Messages {

  /** The bundles, one per area of the API; a key must be defined in one bundle only. */
  public static final List<String> BUNDLES =
      List.of("api", "registry", "privacy", "map", "import", "alerts", "rules", "notify", "backtest",
          "escalation", "meals", "care", "readings", "family", "meters", "series", "indicators");

  public static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
  public static final Locale EN = Locale.ENGLISH;

  private static final Map<String, String> ZH_TEXT = load("zh_CN");
  private static final Map<String, String> EN_TEXT = load("en");

  private Messages() {}

  public static String text(Locale locale, String key, List<Object> args) {
    String pattern = isEnglish(locale) ? EN_TEXT.getOrDefault(key, ZH_TEXT.get(key)) : ZH_TEXT.get(key);
    if (pattern == null) {
      return key;
    }
    if (args.isEmpty()) {
      return pattern;
    }
    MessageFormat format = new MessageFormat(pattern, isEnglish(locale) ? EN : ZH);
    try {
      return format.format(args.toArray());
    } catch (IllegalArgumentException e) {
      // Arguments that arrived as text (a spreadsheet's report keeps them as text) for {0,number}.
      return format.format(args.stream().map(Messages::numberIfNumeric).toArray());
    }
  }

  private static Object numberIfNumeric(Object arg) {
    if (arg instanceof String text) {
      try {
        return text.contains(".") ? Double.valueOf(text) : Long.valueOf(text);
      } catch (NumberFormatException e) {
        return text;
      }
    }
    return arg;
  }

  public static String text(Locale locale, String key, Object... args) {
    return text(locale, key, List.of(args));
  }

  public static boolean has(Locale locale, String key) {
    return (isEnglish(locale) ? EN_TEXT : ZH_TEXT).containsKey(key);
  }

  public static boolean isEnglish(Locale locale) {
    return locale != null && "en".equals(locale.getLanguage());
  }

  /** "en" or "zh-CN" from a language tag or header value; anything else is Chinese. */
  public static Locale parse(String tag) {
    if (tag == null) {
      return null;
    }
    String first = tag.split(",")[0].strip().toLowerCase(Locale.ROOT);
    if (first.startsWith("en")) {
      return EN;
    }
    if (first.startsWith("zh")) {
      return ZH;
    }
    return null;
  }

  private static Map<String, String> load(String suffix) {
    Map<String, String> all = new HashMap<>();
    for (String bundle : BUNDLES) {
      String name = "i18n/" + bundle + "_" + suffix + ".properties";
      try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          continue;
        }
        Properties p = new Properties();
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String key : p.stringPropertyNames()) {
          if (all.put(key, p.getProperty(key)) != null) {
            throw new IllegalStateException("message key " + key + " is defined twice (" + name + ")");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Map.copyOf(all);
  }
}
