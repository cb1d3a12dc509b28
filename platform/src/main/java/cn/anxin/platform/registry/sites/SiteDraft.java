package cn.anxin.platform.registry.sites;

import cn.anxin.platform.api.rest.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A site as it should be: what an administrator posts, patches into, or a spreadsheet row holds.
 * {@link #problems(String)} checks every rule, the contract's and the cross-field ones, so a draft
 * that did not come through the REST contract (an import row) is held to the same rules.
 *
 * <p>Beds: day-care centres and institutions have beds; only institutions count nursing-type beds
 * (护理型床位), which need the total and may not exceed it.
 */
public record SiteDraft(
    String code,
    String name,
    String kind,
    String address,
    String areaCode,
    Location location,
    String ownerOrg,
    String phone,
    Integer beds,
    Integer nursingBeds,
    boolean active) {

  /** A site's geo point (WGS-84 as the care map uses it). */
  public record Location(double lon, double lat) {}

  /** The kinds of site. */
  public static final Set<String> KINDS = Set.of("DAY_CARE", "INSTITUTION", "MEAL_STATION", "COMMUNITY", "HOME");
  /** Kinds that have beds at all. */
  public static final Set<String> KINDS_WITH_BEDS = Set.of("DAY_CARE", "INSTITUTION");

  public static final Pattern CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$");
  /** Statistical division codes: province, city, county, town, village. */
  public static final Pattern AREA_CODE = Pattern.compile("^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$");
  public static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 -]{2,31}$");
  public static final int MAX_NAME = 100;
  public static final int MAX_ADDRESS = 200;
  public static final int MAX_OWNER = 100;
  public static final int MAX_BEDS = 100_000;

  /** The same draft with text fields trimmed and blank ones absent. */
  public SiteDraft normalised() {
    return new SiteDraft(text(code), text(name), text(kind), text(address), text(areaCode), location,
        text(ownerOrg), text(phone), beds, nursingBeds, active);
  }

  /**
   * Every rule the draft breaks, as field errors under {@code at} (e.g. {@code /body}): the field
   * names are those of the API ({@code /body/nursingBeds}).
   */
  public List<FieldError> problems(String at) {
    List<FieldError> out = new ArrayList<>();
    required(out, at + "/code", code);
    if (code != null && !CODE.matcher(code).matches()) {
      out.add(FieldError.of(at + "/code", "site.code-format"));
    }
    required(out, at + "/name", name);
    if (name != null && name.length() > MAX_NAME) {
      out.add(FieldError.of(at + "/name", "field.range"));
    }
    required(out, at + "/kind", kind);
    if (kind != null && !KINDS.contains(kind)) {
      out.add(FieldError.of(at + "/kind", "field.enum"));
    }
    if (address != null && address.length() > MAX_ADDRESS) {
      out.add(FieldError.of(at + "/address", "field.range"));
    }
    if (areaCode != null && !AREA_CODE.matcher(areaCode).matches()) {
      out.add(FieldError.of(at + "/areaCode", "site.area-code-format"));
    }
    if (location != null) {
      if (!(location.lon() >= -180 && location.lon() <= 180)) {
        out.add(FieldError.of(at + "/location/lon", "field.range"));
      }
      if (!(location.lat() >= -90 && location.lat() <= 90)) {
        out.add(FieldError.of(at + "/location/lat", "field.range"));
      }
    }
    if (ownerOrg != null && ownerOrg.length() > MAX_OWNER) {
      out.add(FieldError.of(at + "/ownerOrg", "field.range"));
    }
    if (phone != null && !PHONE.matcher(phone).matches()) {
      out.add(FieldError.of(at + "/phone", "site.phone-format"));
    }
    beds(out, at);
    return out;
  }

  private void beds(List<FieldError> out, String at) {
    if (beds != null && (beds < 0 || beds > MAX_BEDS)) {
      out.add(FieldError.of(at + "/beds", "field.range"));
    }
    if (nursingBeds != null && (nursingBeds < 0 || nursingBeds > MAX_BEDS)) {
      out.add(FieldError.of(at + "/nursingBeds", "field.range"));
    }
    if (beds != null && kind != null && KINDS.contains(kind) && !KINDS_WITH_BEDS.contains(kind)) {
      out.add(FieldError.of(at + "/beds", "site.beds-not-applicable"));
    }
    if (nursingBeds == null) {
      return;
    }
    if (kind != null && KINDS.contains(kind) && !"INSTITUTION".equals(kind)) {
      out.add(FieldError.of(at + "/nursingBeds", "site.nursing-beds-institution-only"));
    } else if (beds == null) {
      out.add(FieldError.of(at + "/nursingBeds", "site.nursing-beds-without-beds"));
    } else if (nursingBeds > beds) {
      out.add(FieldError.of(at + "/nursingBeds", "site.nursing-beds-over-beds", nursingBeds, beds));
    }
  }

  /** Fails fast when a caller writes a draft it did not check. */
  void requireValid() {
    List<FieldError> found = problems("");
    if (!found.isEmpty()) {
      throw new IllegalArgumentException("invalid site draft " + code + ": " + found);
    }
  }

  private static void required(List<FieldError> out, String field, String value) {
    if (value == null) {
      out.add(FieldError.of(field, "field.required"));
    }
  }

  private static String text(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.isEmpty() ? null : t;
  }
}
