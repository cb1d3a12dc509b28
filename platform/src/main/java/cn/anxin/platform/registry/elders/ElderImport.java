package cn.anxin.platform.registry.elders;

import cn.anxin.platform.privacy.IdCardVault;
import cn.anxin.platform.privacy.IdCards;
import cn.anxin.platform.registry.importing.ImportColumn;
import cn.anxin.platform.registry.importing.ImportContext;
import cn.anxin.platform.registry.importing.ImportRow;
import cn.anxin.platform.registry.importing.ImportTarget;
import cn.anxin.platform.registry.importing.Outcome;
import cn.anxin.platform.registry.importing.PointCells;
import cn.anxin.platform.registry.importing.RowProblems;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The bureau's elder register (老年人信息登记表): one elder per row, upserted by ID-card number
 * (found through the keyed look-up hash), with the same rules as {@code POST /api/elders}. A row
 * whose values are already stored writes nothing, so importing a file again changes nothing.
 */
public final class ElderImport implements ImportTarget<JsonObject> {

  static final Map<String, String> LIVING = Map.of(
      "独居", "ALONE", "空巢", "EMPTY_NEST", "留守", "LEFT_BEHIND", "与家人同住", "WITH_FAMILY", "入住机构", "IN_INSTITUTION");
  static final Map<String, String> CATEGORIES = Map.of(
      "特困", "EXTREME_POVERTY", "低保", "LOW_INCOME", "高龄", "AGED_80", "失能", "DISABLED", "失智", "DEMENTIA",
      "计划生育特殊家庭", "SPECIAL_FAMILY", "百岁老人", "CENTENARIAN");
  static final Map<String, String> RISK = Map.of("高风险", "HIGH", "重点", "KEY", "一般", "GENERAL");
  static final Map<String, String> SEX = Map.of("男", "M", "女", "F");

  private static final List<ImportColumn> COLUMNS = List.of(
      ImportColumn.required("name", "姓名", "name"),
      ImportColumn.required("idCard", "身份证号", "idCard", "身份证号码"),
      ImportColumn.optional("sex", "性别", "sex"),
      ImportColumn.optional("birthDate", "出生日期", "birthDate"),
      ImportColumn.required("siteCode", "责任站点编码", "siteCode", "站点编码"),
      ImportColumn.optional("code", "老人编号", "code"),
      ImportColumn.optional("phone", "联系电话", "phone", "电话"),
      ImportColumn.optional("address", "居住地址", "address", "地址"),
      ImportColumn.optional("areaCode", "行政区划代码", "areaCode", "区划代码"),
      ImportColumn.optional("grid", "网格", "grid"),
      ImportColumn.optional("lon", "经度", "lon", "longitude"),
      ImportColumn.optional("lat", "纬度", "lat", "latitude"),
      ImportColumn.optional("livingArrangement", "居住状况", "livingArrangement"),
      ImportColumn.optional("categories", "老人类别", "categories", "类别"),
      ImportColumn.optional("riskTier", "风险等级", "riskTier"));

  private final IdCardVault vault;
  private final Clock clock;
  private final Function<String, Optional<Long>> sites;
  private final List<Long> written = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param sites the site id of a site code, read before the rows (the register names sites by code)
   */
  public ElderImport(IdCardVault vault, Clock clock, Function<String, Optional<Long>> sites) {
    this.vault = vault;
    this.clock = clock;
    this.sites = sites;
  }

  @Override
  public String kind() {
    return "elders";
  }

  @Override
  public List<ImportColumn> columns() {
    return COLUMNS;
  }

  @Override
  public String messageBundle() {
    return "i18n/import_registry";
  }

  /** The row as the body {@code POST /api/elders} would take. */
  @Override
  public JsonObject parse(ImportRow row, RowProblems problems) {
    JsonObject body = new JsonObject().put("name", row.requiredText("name", 50));
    String idCard = row.requiredText("idCard");
    Optional<String> normalised = IdCards.normalise(idCard);
    if (idCard != null && normalised.isEmpty()) {
      problems.error("idCard", "registry.id-card-invalid");
    }
    normalised.ifPresent(n -> body.put("idCard", n));
    String sex = row.choice("sex", SEX);
    LocalDate birth = row.date("birthDate", LocalDate.of(1890, 1, 1), LocalDate.now(clock));
    if (normalised.isPresent() && sex != null && !sex.equals(IdCards.sex(normalised.get()))) {
      problems.error("sex", "elder.sex-mismatch");
    }
    if (normalised.isPresent() && birth != null && !birth.equals(IdCards.birthDate(normalised.get()))) {
      problems.error("birthDate", "elder.birth-date-mismatch", IdCards.birthDate(normalised.get()).toString());
    }
    String siteCode = row.requiredText("siteCode");
    if (siteCode != null) {
      Optional<Long> site = sites.apply(siteCode);
      site.ifPresentOrElse(id -> body.put("siteId", id), () -> problems.error("siteCode", "import.device.site-unknown"));
    }
    putText(body, "code", row.text("code", 64));
    putText(body, "phone", row.text("phone", 32));
    putText(body, "address", row.text("address", 200));
    String area = row.text("areaCode");
    if (area != null && !area.matches("\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12}")) {
      problems.error("areaCode", "site.area-code-format");
    }
    putText(body, "areaCode", area);
    putText(body, "grid", row.text("grid", 64));
    PointCells.Point point = PointCells.read(row, problems, "lon", "lat");
    if (point != null) {
      body.put("location", new JsonObject().put("lon", point.lon()).put("lat", point.lat()));
    }
    putText(body, "livingArrangement", row.choice("livingArrangement", LIVING));
    Set<String> categories = row.choices("categories", CATEGORIES);
    body.put("categories", new JsonArray(categories == null ? List.of() : categories.stream().sorted().toList()));
    String risk = row.choice("riskTier", RISK);
    body.put("riskTier", risk == null ? "GENERAL" : risk);
    return body;
  }

  @Override
  public String identity(JsonObject draft) {
    return draft.getString("idCard");
  }

  @Override
  public Outcome upsert(Connection c, JsonObject draft, ImportContext ctx) throws SQLException {
    LocalDate today = CareDay.today(clock);
    Optional<Long> existing = byIdCard(c, draft.getString("idCard"));
    ElderInput input = new ElderInput(vault);
    if (existing.isEmpty()) {
      written.add(ElderWriter.insert(c, input.read(c, draft, null, today)));
      return Outcome.CREATED;
    }
    JsonObject change = draft.copy();
    change.remove("idCard"); // the same person: the number is what found them
    if (change.getString("code") == null) {
      change.remove("code");
    }
    ElderChange wanted = input.read(c, change, null, today);
    if (sameAsStored(c, existing.get(), wanted)) {
      return Outcome.UNCHANGED;
    }
    ElderWriter.update(c, existing.get(), wanted);
    written.add(existing.get());
    return Outcome.UPDATED;
  }

  /** The elders this import created or changed (for the access audit once it is committed). */
  public List<Long> written() {
    return List.copyOf(written);
  }

  private Optional<Long> byIdCard(Connection c, String idCard) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM elder WHERE id_card_hash = ?")) {
      s.setBytes(1, vault.hash(idCard));
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
      }
    }
  }

  /** Whether every column the row would write already holds that value. */
  private static boolean sameAsStored(Connection c, long elderId, ElderChange wanted) throws SQLException {
    if (wanted.columns().isEmpty()) {
      return true;
    }
    String columns = String.join(", ", wanted.columns().keySet());
    try (PreparedStatement s = c.prepareStatement("SELECT " + columns + " FROM elder WHERE id = ?")) {
      s.setLong(1, elderId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        for (Map.Entry<String, Object> e : wanted.columns().entrySet()) {
          if (!same(r.getObject(e.getKey()), e.getValue())) {
            return false;
          }
        }
        return true;
      }
    }
  }

  private static boolean same(Object stored, Object wanted) throws SQLException {
    if (stored instanceof java.sql.Array array) {
      stored = List.of((Object[]) array.getArray());
    }
    if (wanted instanceof Object[] values) {
      wanted = List.of(values);
    }
    if (stored instanceof java.sql.Date date) {
      stored = date.toLocalDate();
    }
    if (stored instanceof Number n && wanted instanceof Number m) {
      return n.doubleValue() == m.doubleValue();
    }
    return java.util.Objects.equals(stored, wanted);
  }

  private static void putText(JsonObject body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }
}
