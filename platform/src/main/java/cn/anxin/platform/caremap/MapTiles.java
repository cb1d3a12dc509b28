package cn.anxin.platform.caremap;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raster map tiles the console draws under the care map, or none (the default: the map is a
 * plain plot and the browser asks nothing of any other server). Tiles are Web Mercator XYZ tiles
 * of 256 pixels (the OpenStreetMap scheme: x eastwards and y southwards from the north-west
 * corner) in WGS 84, like the elders' and sites' coordinates.
 *
 * <p>Environment: {@code ANXIN_MAP_TILES} an http or https URL template with {@code {z}}, {@code {x}}
 * and {@code {y}} (e.g. {@code https://tiles.example.cn/{z}/{x}/{y}.png}), {@code
 * ANXIN_MAP_TILES_ATTRIBUTION} the credit the tiles' licence asks for, {@code ANXIN_MAP_TILES_MAX_ZOOM}
 * the deepest zoom level the server has (0-22, 18 by default).
 *
 * @param urlTemplate the template, or null for no tiles
 * @param attribution the credit shown on the map, or null
 * @param maxZoom the deepest zoom level the tile server has
 */
public record MapTiles(String urlTemplate, String attribution, int maxZoom) {

  public static final String URL_VARIABLE = "ANXIN_MAP_TILES";
  public static final String ATTRIBUTION_VARIABLE = "ANXIN_MAP_TILES_ATTRIBUTION";
  public static final String MAX_ZOOM_VARIABLE = "ANXIN_MAP_TILES_MAX_ZOOM";
  public static final int DEFAULT_MAX_ZOOM = 18;
  public static final int DEEPEST_ZOOM = 22;
  public static final int MAX_URL_LENGTH = 2000;
  public static final int MAX_ATTRIBUTION_LENGTH = 300;

  /** No tiles: the care map is drawn without a base map. */
  public static final MapTiles NONE = new MapTiles(null, null, DEFAULT_MAX_ZOOM);

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  public MapTiles {
    if (urlTemplate == null) {
      if (attribution != null) {
        throw new IllegalArgumentException(ATTRIBUTION_VARIABLE + " is set but " + URL_VARIABLE
            + " is not: an attribution needs tiles to credit");
      }
    } else {
      checkTemplate(urlTemplate);
      if (attribution != null && (attribution.length() > MAX_ATTRIBUTION_LENGTH
          || attribution.chars().anyMatch(Character::isISOControl))) {
        throw new IllegalArgumentException(ATTRIBUTION_VARIABLE + " must be one line of at most "
            + MAX_ATTRIBUTION_LENGTH + " characters");
      }
    }
    if (maxZoom < 0 || maxZoom > DEEPEST_ZOOM) {
      throw new IllegalArgumentException(MAX_ZOOM_VARIABLE + " must be a whole number from 0 to " + DEEPEST_ZOOM
          + ", not " + maxZoom);
    }
  }

  /** Tiles from this template, with an optional attribution, up to the default deepest zoom. */
  public static MapTiles of(String urlTemplate, String attribution) {
    return new MapTiles(urlTemplate, attribution, DEFAULT_MAX_ZOOM);
  }

  /**
   * The tiles the environment asks for ({@link #NONE} when {@code ANXIN_MAP_TILES} is unset or blank).
   *
   * @throws IllegalArgumentException naming the variable when a setting is not usable
   */
  public static MapTiles fromEnv(Map<String, String> env) {
    String url = blankToNull(env.get(URL_VARIABLE));
    String attribution = blankToNull(env.get(ATTRIBUTION_VARIABLE));
    String zoom = blankToNull(env.get(MAX_ZOOM_VARIABLE));
    if (url == null && zoom != null) {
      throw new IllegalArgumentException(MAX_ZOOM_VARIABLE + " is set but " + URL_VARIABLE + " is not");
    }
    int maxZoom = DEFAULT_MAX_ZOOM;
    if (zoom != null) {
      try {
        maxZoom = Integer.parseInt(zoom);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(MAX_ZOOM_VARIABLE + " must be a whole number from 0 to " + DEEPEST_ZOOM
            + ", not \"" + zoom + "\"");
      }
    }
    return new MapTiles(url, attribution, maxZoom);
  }

  /** Whether the console draws tiles at all. */
  public boolean enabled() {
    return urlTemplate != null;
  }

  /** The tile server's origin ("https://tiles.example.cn"), the only place tiles come from; null without tiles. */
  public String origin() {
    if (urlTemplate == null) {
      return null;
    }
    URI uri = URI.create(sample(urlTemplate));
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  /** The answer of GET /api/map/tiles. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("enabled", enabled());
    if (enabled()) {
      json.put("url", urlTemplate).put("attribution", attribution).put("maxZoom", maxZoom).put("tileSize", 256);
    }
    return json;
  }

  private static void checkTemplate(String template) {
    String problem = templateProblem(template);
    if (problem != null) {
      throw new IllegalArgumentException(URL_VARIABLE + " must be an http or https URL template with {z}, {x} and {y},"
          + " e.g. https://tiles.example.cn/{z}/{x}/{y}.png: " + problem);
    }
  }

  private static String templateProblem(String template) {
    if (template.length() > MAX_URL_LENGTH) {
      return "longer than " + MAX_URL_LENGTH + " characters";
    }
    String lower = template.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
      return "\"" + template + "\" is not an http or https URL";
    }
    for (String name : new String[] {"z", "x", "y"}) {
      if (!template.contains("{" + name + "}")) {
        return "\"" + template + "\" has no {" + name + "}";
      }
    }
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!m.group(1).matches("[zxy]")) {
        return "\"" + template + "\" has {" + m.group(1) + "}; only {z}, {x} and {y} are filled in";
      }
    }
    String filled = sample(template);
    if (filled.contains("{") || filled.contains("}")) {
      return "\"" + template + "\" has an unmatched brace";
    }
    URI uri;
    try {
      uri = new URI(filled);
    } catch (URISyntaxException e) {
      return "\"" + template + "\" is not a valid URL (" + e.getReason() + ")";
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "\"" + template + "\" names no host";
    }
    if (uri.getRawUserInfo() != null) {
      return "a user name or password in the URL would be sent to every browser";
    }
    if (uri.getRawFragment() != null) {
      return "\"" + template + "\" has a fragment (#)";
    }
    return null;
  }

  private static String sample(String template) {
    return template.replace("{z}", "1").replace("{x}", "0").replace("{y}", "0");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
