package cn.anxin.platform.registry.elders;

import cn.anxin.platform.api.rest.ApiProblem;
import cn.anxin.platform.api.rest.FieldError;
import cn.anxin.platform.privacy.IdCardVault;
import cn.anxin.platform.privacy.IdCards;
import cn.anxin.platform.privacy.SealedIdCard;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an elder's create or patch body (already shaped by the contract) into an {@link ElderChange},
 * checking what the contract cannot: the ID card's check character and birth date, sex and birth
 * date agreeing with it, the responsible site existing. Every such error is reported at once, as
 * field errors.
 */
final class ElderInput {

  /** Body fields that are plain text columns. */
  private static final Map<String, String> TEXT = Map.of(
      "code", "code", "name", "name", "phone", "phone", "address", "address", "areaCode", "area_code",
      "grid", "grid", "livingArrangement", "living_arrangement", "riskTier", "risk_tier");

  /** An elder's stored ID card in clear, opened only when needed. */
  @FunctionalInterface
  interface StoredIdCard {
    String open() throws SQLException;
  }

  private final IdCardVault vault;

  ElderInput(IdCardVault vault) {
    this.vault = vault;
  }

  /**
   * Reads a body.
   *
   * @param storedIdCard for a patch, the elder's ID card in clear (null if it has none), asked only
   *     when sex or birth date change without a new ID card; null when creating
   */
  ElderChange read(Connection c, JsonObject body, StoredIdCard storedIdCard, LocalDate today)
      throws SQLException {
    List<FieldError> errors = new ArrayList<>();
    Map<String, Object> columns = new LinkedHashMap<>();
    for (String field : body.fieldNames()) {
      if (TEXT.containsKey(field)) {
        String value = body.getString(field);
        columns.put(TEXT.get(field), value == null ? null : value.strip());
      }
    }
    if ("".equals(columns.get("name"))) {
      errors.add(FieldError.of("/body/name", "field.required"));
    }
    SealedIdCard sealed = identity(body, storedIdCard, columns, errors);
    if (columns.get("birth_date") instanceof LocalDate birth && birth.isAfter(today)) {
      errors.add(FieldError.of("/body/birthDate", "elder.date-in-future"));
    }
    if (body.containsKey("categories")) {
      columns.put("categories", body.getJsonArray("categories").stream().map(String::valueOf)
          .distinct().sorted().toArray(String[]::new));
    }
    if (body.containsKey("location")) {
      JsonObject location = body.getJsonObject("location");
      columns.put("lon", location == null ? null : location.getDouble("lon"));
      columns.put("lat", location == null ? null : location.getDouble("lat"));
    }
    if (body.containsKey("siteId")) {
      long siteId = body.getLong("siteId");
      if (!siteExists(c, siteId)) {
        errors.add(FieldError.of("/body/siteId", "elder.site-unknown", String.valueOf(siteId)));
      }
      columns.put("site_id", siteId);
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
    return new ElderChange(columns, sealed);
  }

  /** The ID card, sealed, and sex and birth date, taken from it or checked against it. */
  private SealedIdCard identity(JsonObject body, StoredIdCard storedIdCard, Map<String, Object> columns,
      List<FieldError> errors) throws SQLException {
    String sex = body.getString("sex");
    LocalDate birth = Dates.parse(body.getString("birthDate"), "/body/birthDate", errors);
    String idCard = null;
    SealedIdCard sealed = null;
    if (body.containsKey("idCard")) {
      Optional<String> normalised = IdCards.normalise(body.getString("idCard"));
      if (normalised.isEmpty()) {
        errors.add(FieldError.of("/body/idCard", "registry.id-card-invalid"));
        return null;
      }
      idCard = normalised.get();
      sealed = vault.seal(idCard);
    } else if ((sex != null || birth != null) && storedIdCard != null) {
      idCard = storedIdCard.open();
    }
    if (idCard == null) {
      if (sex != null) {
        columns.put("sex", sex);
      }
      if (birth != null) {
        columns.put("birth_date", birth);
      }
      return null;
    }
    String cardSex = IdCards.sex(idCard);
    LocalDate cardBirth = IdCards.birthDate(idCard);
    if (sex != null && !sex.equals(cardSex)) {
      errors.add(FieldError.of("/body/sex", "elder.sex-mismatch"));
    }
    if (birth != null && !birth.equals(cardBirth)) {
      errors.add(FieldError.of("/body/birthDate", "elder.birth-date-mismatch", cardBirth.toString()));
    }
    columns.put("sex", cardSex);
    columns.put("birth_date", cardBirth);
    return sealed;
  }

  private static boolean siteExists(Connection c, long siteId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM site WHERE id = ?")) {
      s.setLong(1, siteId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }
}
