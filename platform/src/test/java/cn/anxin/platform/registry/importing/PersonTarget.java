package cn.anxin.platform.registry.importing;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A test-only register of people over a table the tests create, exercising every kind of
 * column the engine offers. Its upsert changes a record only when a value differs, so importing
 * the same file again reports every row UNCHANGED.
 */
final class PersonTarget implements ImportTarget<PersonTarget.Person> {

  record Person(String idCard, String name, LocalDate birthDate, String gender, Integer floor,
      BigDecimal heightCm, Set<String> needs, Boolean livesAlone) {}

  static final String TABLE = """
      CREATE TABLE import_person (
        id_card text PRIMARY KEY,
        name text NOT NULL,
        birth_date date,
        gender text,
        floor integer,
        height_cm numeric(5, 1),
        needs text[],
        lives_alone boolean,
        imported_by text NOT NULL
      )""";

  static final Map<String, String> GENDERS = ordered("男", "M", "女", "F", "male", "M", "female", "F");
  static final Map<String, String> NEEDS = ordered(
      "助餐", "MEAL", "助浴", "BATH", "助医", "MEDICAL", "meal", "MEAL", "bath", "BATH", "medical", "MEDICAL");

  private static final String UPSERT = """
      INSERT INTO import_person AS p
        (id_card, name, birth_date, gender, floor, height_cm, needs, lives_alone, imported_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id_card) DO UPDATE SET name = EXCLUDED.name, birth_date = EXCLUDED.birth_date,
        gender = EXCLUDED.gender, floor = EXCLUDED.floor, height_cm = EXCLUDED.height_cm,
        needs = EXCLUDED.needs, lives_alone = EXCLUDED.lives_alone, imported_by = EXCLUDED.imported_by
      WHERE (p.name, p.birth_date, p.gender, p.floor, p.height_cm, p.needs, p.lives_alone)
        IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.birth_date, EXCLUDED.gender, EXCLUDED.floor,
          EXCLUDED.height_cm, EXCLUDED.needs, EXCLUDED.lives_alone)
      RETURNING (xmax = 0) AS inserted""";

  static void createTable(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute(TABLE);
    }
  }

  static int count(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM import_person")) {
      r.next();
      return r.getInt(1);
    }
  }

  /** One stored column of one person, as text (null when absent). */
  static String stored(DataSource ds, String idCard, String column) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT " + column + "::text FROM import_person WHERE id_card = ?")) {
      s.setString(1, idCard);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  @Override
  public String kind() {
    return "people";
  }

  @Override
  public List<ImportColumn> columns() {
    return List.of(
        ImportColumn.required("idCard", "身份证号", "idCard", "ID number"),
        ImportColumn.required("name", "姓名", "name"),
        ImportColumn.optional("birthDate", "出生日期", "birthDate", "date of birth"),
        ImportColumn.optional("gender", "性别", "gender"),
        ImportColumn.optional("floor", "楼层", "floor"),
        ImportColumn.optional("heightCm", "身高（厘米）", "heightCm", "height (cm)"),
        ImportColumn.optional("needs", "服务需求", "needs", "services"),
        ImportColumn.optional("livesAlone", "是否独居", "livesAlone", "lives alone"));
  }

  @Override
  public Person parse(ImportRow row, RowProblems problems) {
    String idCard = row.text("idCard", 18);
    Person person = new Person(
        idCard == null ? null : idCard.toUpperCase(Locale.ROOT),
        row.text("name", 20),
        row.date("birthDate", LocalDate.of(1900, 1, 1), LocalDate.of(2030, 12, 31)),
        row.choice("gender", GENDERS),
        row.integer("floor", -3, 99),
        row.decimal("heightCm", new BigDecimal("50"), new BigDecimal("250")),
        row.choices("needs", NEEDS),
        row.bool("livesAlone"));
    return person.idCard() == null || person.name() == null ? null : person;
  }

  @Override
  public String identity(Person person) {
    return person.idCard();
  }

  @Override
  public Outcome upsert(Connection c, Person p, ImportContext ctx) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(UPSERT)) {
      s.setString(1, p.idCard());
      s.setString(2, p.name());
      s.setObject(3, p.birthDate(), Types.DATE);
      s.setString(4, p.gender());
      s.setObject(5, p.floor(), Types.INTEGER);
      s.setBigDecimal(6, p.heightCm());
      Array needs = p.needs() == null ? null : c.createArrayOf("text", p.needs().toArray());
      s.setArray(7, needs);
      s.setObject(8, p.livesAlone(), Types.BOOLEAN);
      s.setString(9, ctx.actor());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Outcome.UNCHANGED;
        }
        return r.getBoolean("inserted") ? Outcome.CREATED : Outcome.UPDATED;
      }
    }
  }

  private static Map<String, String> ordered(String... labelCodePairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < labelCodePairs.length; i += 2) {
      map.put(labelCodePairs[i], labelCodePairs[i + 1]);
    }
    return map;
  }
}
