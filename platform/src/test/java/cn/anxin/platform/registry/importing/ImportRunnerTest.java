package cn.anxin.platform.registry.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.anxin.platform.registry.importing.RowOutcome.Status;
import cn.anxin.platform.testing.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Validation, modes, transactions, dry runs, re-imports and limits, on real PostgreSQL. */
class ImportRunnerTest {

  private static final String HEADER = "身份证号,姓名,出生日期,性别,楼层,身高（厘米）,服务需求,是否独居";
  private static final String ZHANG = "110101194503050021,张桂英,1945-03-05,女,3,158.5,助餐、助浴,是";
  private static final String LI = "110101195001010012,李建国,1950/1/1,男,1,170,助医,否";
  private static final String WANG = "11010119480808002x,王秀兰,1948年8月8日,女,,,,";

  private final PersonTarget target = new PersonTarget();
  private final ImportContext ctx = ImportContext.by("operator-7");
  private HikariDataSource db;

  @BeforeEach
  void freshTable() throws Exception {
    db = TestDatabases.fresh();
    PersonTarget.createTable(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private ImportReport run(byte[] file, ImportMode mode, boolean dryRun) {
    return ImportRunner.run(db, target, file, mode, dryRun, ctx);
  }

  @Test
  void givenValidFile_whenImported_thenEveryRowIsCreatedWithItsTypedValues() throws Exception {
    ImportReport report = run(Sheets.csv(HEADER, ZHANG, LI, WANG), ImportMode.ALL_OR_NOTHING, false);

    assertThat(report.hasErrors()).isFalse();
    assertThat(report.kind()).isEqualTo("people");
    assertThat(report.rowsRead()).isEqualTo(3);
    assertThat(report.created()).isEqualTo(3);
    assertThat(report.written()).isTrue();
    assertThat(report.rows()).extracting(RowOutcome::row, RowOutcome::identity, RowOutcome::status)
        .containsExactly(
            tuple(2, "110101194503050021", Status.CREATED),
            tuple(3, "110101195001010012", Status.CREATED),
            tuple(4, "11010119480808002X", Status.CREATED));
    assertThat(PersonTarget.count(db)).isEqualTo(3);
    assertThat(PersonTarget.stored(db, "110101195001010012", "birth_date")).isEqualTo("1950-01-01");
    assertThat(PersonTarget.stored(db, "110101195001010012", "gender")).isEqualTo("M");
    assertThat(PersonTarget.stored(db, "110101195001010012", "needs")).isEqualTo("{MEDICAL}");
    assertThat(PersonTarget.stored(db, "11010119480808002X", "birth_date")).isEqualTo("1948-08-08");
    assertThat(PersonTarget.stored(db, "11010119480808002X", "floor")).isNull();
    assertThat(PersonTarget.stored(db, "11010119480808002X", "imported_by")).isEqualTo("operator-7");
  }

  @Test
  void givenTheSameFileAgain_whenReimported_thenEveryRowIsUnchangedAndOnlyEditsUpdate() throws Exception {
    byte[] file = Sheets.csv(HEADER, ZHANG, LI, WANG);
    run(file, ImportMode.ALL_OR_NOTHING, false);

    ImportReport again = run(file, ImportMode.ALL_OR_NOTHING, false);
    ImportReport edited = run(
        Sheets.csv(HEADER, ZHANG.replace(",3,", ",4,"), LI, WANG), ImportMode.ALL_OR_NOTHING, false);

    assertThat(again.unchanged()).isEqualTo(3);
    assertThat(again.created() + again.updated()).isZero();
    assertThat(again.written()).isFalse();
    assertThat(edited.updated()).isEqualTo(1);
    assertThat(edited.unchanged()).isEqualTo(2);
    assertThat(edited.rows().get(0).status()).isEqualTo(Status.UPDATED);
    assertThat(PersonTarget.stored(db, "110101194503050021", "floor")).isEqualTo("4");
  }

  @Test
  void givenBadValues_whenImported_thenEachIsReportedByRowAndColumnInChineseAndEnglish() {
    ImportReport report = run(Sheets.csv(HEADER,
        ZHANG,
        "110101195001010012,,1950-02-30,未知,100,170,助医、跳舞,也许"), ImportMode.ALL_OR_NOTHING, false);

    assertThat(report.problems())
        .extracting(ImportProblem::row, ImportProblem::column, ImportProblem::value, ImportProblem::code)
        .containsExactly(
            tuple(3, "姓名", "", "import.value.required"),
            tuple(3, "出生日期", "1950-02-30", "import.value.notDate"),
            tuple(3, "性别", "未知", "import.value.notInList"),
            tuple(3, "楼层", "100", "import.value.outOfRange"),
            tuple(3, "服务需求", "助医、跳舞", "import.value.notInListItem"),
            tuple(3, "是否独居", "也许", "import.value.notBoolean"));
    ImportProblem floor = report.problems().get(3);
    assertThat(report.message(floor, Locale.CHINA)).isEqualTo("应在 -3 到 99 之间");
    assertThat(report.message(floor, Locale.US)).isEqualTo("Must be between -3 and 99");
    ImportProblem needs = report.problems().get(4);
    assertThat(report.message(needs, null))
        .isEqualTo("“跳舞”不是可选的值，可选：助餐 / 助浴 / 助医 / meal / bath / medical");
    assertThat(report.message(needs, Locale.ENGLISH))
        .isEqualTo("\"跳舞\" is not one of the choices: 助餐 / 助浴 / 助医 / meal / bath / medical");
  }

  @Test
  void givenOneBadRowInAllOrNothingMode_whenImported_thenNothingIsWrittenAndAllErrorsAreReported()
      throws Exception {
    ImportReport report = run(Sheets.csv(HEADER, ZHANG, "110101195001010012,李建国,昨天,,,,,", WANG,
        "110101196001010013,赵志强,,,,abc,,"), ImportMode.ALL_OR_NOTHING, false);

    assertThat(report.problems()).extracting(ImportProblem::row).containsExactly(3, 5);
    assertThat(report.rejected()).isEqualTo(2);
    assertThat(report.skipped()).isEqualTo(2);
    assertThat(report.created()).isZero();
    assertThat(report.written()).isFalse();
    assertThat(PersonTarget.count(db)).isZero();
  }

  @Test
  void givenOneBadRowInValidRowsMode_whenImported_thenTheGoodRowsAreWritten() throws Exception {
    ImportReport report = run(Sheets.csv(HEADER, ZHANG, "110101195001010012,李建国,昨天,,,,,", WANG),
        ImportMode.VALID_ROWS, false);

    assertThat(report.created()).isEqualTo(2);
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(report.rows()).extracting(RowOutcome::status)
        .containsExactly(Status.CREATED, Status.REJECTED, Status.CREATED);
    assertThat(report.written()).isTrue();
    assertThat(PersonTarget.count(db)).isEqualTo(2);
    assertThat(PersonTarget.stored(db, "110101195001010012", "name")).isNull();
  }

  @Test
  void givenTheSameIdentityTwice_whenImported_thenTheLaterRowIsRejected() throws Exception {
    ImportReport report = run(Sheets.csv(HEADER, ZHANG, LI,
        "110101194503050021,张桂英（重复）,,,,,,"), ImportMode.VALID_ROWS, false);

    assertThat(report.problems()).singleElement().satisfies(p -> {
      assertThat(p.row()).isEqualTo(4);
      assertThat(p.code()).isEqualTo("import.row.duplicate");
      assertThat(report.message(p, null)).startsWith("与第 2 行重复（110101194503050021）");
      assertThat(report.message(p, Locale.ENGLISH)).startsWith("Same record as row 2 (110101194503050021)");
    });
    assertThat(report.created()).isEqualTo(2);
    assertThat(PersonTarget.stored(db, "110101194503050021", "name")).isEqualTo("张桂英");
  }

  @Test
  void givenDryRun_whenImported_thenOutcomesAreReportedButNothingIsWritten() throws Exception {
    run(Sheets.csv(HEADER, ZHANG), ImportMode.ALL_OR_NOTHING, false);

    ImportReport dry = run(Sheets.csv(HEADER, ZHANG.replace("张桂英", "张桂芳"), LI, WANG),
        ImportMode.ALL_OR_NOTHING, true);

    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.updated()).isEqualTo(1);
    assertThat(dry.created()).isEqualTo(2);
    assertThat(dry.written()).isFalse();
    assertThat(PersonTarget.count(db)).isEqualTo(1);
    assertThat(PersonTarget.stored(db, "110101194503050021", "name")).isEqualTo("张桂英");
  }

  @Test
  void givenTheDatabaseRefusesARow_whenImported_thenTheWholeImportIsRolledBack() throws Exception {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE import_person ADD CONSTRAINT short_name CHECK (char_length(name) <= 4)");
    }

    ImportReport report = run(Sheets.csv(HEADER, ZHANG, LI, "110101196001010013,爱新觉罗·溥仪,,,,,,"),
        ImportMode.VALID_ROWS, false);

    assertThat(report.fileProblems()).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo("import.database.rowFailed");
      assertThat(p.args()).containsExactly("4", "23514");
      assertThat(report.message(p, null)).isEqualTo("写入数据库时出错（第 4 行，错误代码 23514），全部数据均未导入");
    });
    assertThat(report.written()).isFalse();
    assertThat(report.created()).isZero();
    assertThat(report.skipped()).isEqualTo(3);
    assertThat(PersonTarget.count(db)).isZero();
  }

  @Test
  void givenAFileOverTenMebibytes_whenImported_thenItIsRefusedUnread() throws Exception {
    byte[] file = new byte[ImportRunner.MAX_FILE_BYTES + 1];
    byte[] head = Sheets.csv(HEADER, ZHANG);
    System.arraycopy(head, 0, file, 0, head.length);

    ImportReport report = run(file, ImportMode.ALL_OR_NOTHING, false);

    assertThat(report.fileProblems()).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo("import.file.tooLarge");
      assertThat(report.message(p, null)).isEqualTo("文件过大（10.1 MiB），最大允许 10 MiB，请拆分后分批导入");
      assertThat(report.message(p, Locale.ENGLISH)).startsWith("The file is too large (10.1 MiB); the limit is 10 MiB");
    });
    assertThat(report.rowsRead()).isZero();
    assertThat(PersonTarget.count(db)).isZero();
  }

  @Test
  void givenMoreThanFiftyThousandRows_whenImported_thenItIsRefused() throws Exception {
    StringBuilder csv = new StringBuilder("身份证号,姓名\n");
    for (int i = 0; i <= ImportRunner.MAX_ROWS; i++) {
      csv.append(110101194500000000L + i).append(",老人").append(i).append('\n');
    }

    ImportReport report = run(csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        ImportMode.VALID_ROWS, false);

    assertThat(report.fileProblems()).extracting(ImportProblem::code).containsExactly("import.file.tooManyRows");
    assertThat(report.message(report.fileProblems().get(0), null)).isEqualTo("数据超过 50000 行，请拆分为多个文件后分批导入");
    assertThat(PersonTarget.count(db)).isZero();
  }

  @Test
  void givenAReport_whenTurnedIntoJson_thenItCarriesCountsAndLocalisedProblems() {
    ImportReport report = run(Sheets.csv(HEADER + ",备注", ZHANG + ",", "110101195001010012,李建国,,,abc,,,,"),
        ImportMode.VALID_ROWS, true);

    JsonObject zh = report.toJson(Locale.SIMPLIFIED_CHINESE);
    JsonObject en = report.toJson(Locale.ENGLISH, true);

    assertThat(zh.getString("kind")).isEqualTo("people");
    assertThat(zh.getString("format")).isEqualTo("CSV");
    assertThat(zh.getString("mode")).isEqualTo("VALID_ROWS");
    assertThat(zh.getBoolean("dryRun")).isTrue();
    assertThat(zh.getBoolean("written")).isFalse();
    assertThat(zh.getInteger("rowsRead")).isEqualTo(2);
    assertThat(zh.getInteger("created")).isEqualTo(1);
    assertThat(zh.getInteger("rejected")).isEqualTo(1);
    assertThat(zh.containsKey("rows")).isFalse();
    assertThat(zh.getJsonArray("fileProblems").getJsonObject(0).getString("message"))
        .isEqualTo("无法识别的列“备注”，已忽略该列");
    JsonObject problem = zh.getJsonArray("problems").getJsonObject(0);
    assertThat(problem.getInteger("row")).isEqualTo(3);
    assertThat(problem.getString("column")).isEqualTo("楼层");
    assertThat(problem.getString("value")).isEqualTo("abc");
    assertThat(problem.getString("code")).isEqualTo("import.value.notInteger");
    assertThat(problem.getString("message")).isEqualTo("应填写整数");
    assertThat(en.getJsonArray("problems").getJsonObject(0).getString("message")).isEqualTo("Must be a whole number");
    assertThat(en.getJsonArray("rows").getJsonObject(1).getString("status")).isEqualTo("REJECTED");
  }
}
