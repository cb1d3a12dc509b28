package cn.anxin.platform.registry.importing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.anxin.platform.testing.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CSV in the encodings Excel writes, XLSX cells of every kind, and header matching. */
class SpreadsheetFormatsTest {

  private final PersonTarget target = new PersonTarget();
  private final ImportContext ctx = ImportContext.by("tester");
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

  private ImportReport importFile(byte[] file) {
    return ImportRunner.run(db, target, file, ImportMode.ALL_OR_NOTHING, false, ctx);
  }

  @Test
  void givenUtf8CsvWithBom_whenImported_thenTheFirstHeaderStillMatchesAndChineseSurvives() throws Exception {
    ImportReport report = importFile(Sheets.csvWithBom(
        "身份证号,姓名,出生日期,性别",
        "110101194503050021,张桂英,1945-03-05,女"));

    assertThat(report.fileProblems()).isEmpty();
    assertThat(report.format()).isEqualTo(SheetFormat.CSV);
    assertThat(report.encoding()).isEqualTo("UTF-8");
    assertThat(report.created()).isEqualTo(1);
    assertThat(PersonTarget.stored(db, "110101194503050021", "name")).isEqualTo("张桂英");
    assertThat(PersonTarget.stored(db, "110101194503050021", "gender")).isEqualTo("F");
  }

  @Test
  void givenGb18030Csv_whenImported_thenItIsDecodedAsGb18030() throws Exception {
    Charset gb = Charset.forName("GB18030");
    ImportReport report = importFile(Sheets.csv(gb,
        "身份证号,姓名,服务需求,是否独居",
        "110101194503050021,欧阳淑珍,助餐、助浴,是",
        "110101195001010012,李建国,助医,否"));

    assertThat(report.hasErrors()).isFalse();
    assertThat(report.encoding()).isEqualTo("GB18030");
    assertThat(report.created()).isEqualTo(2);
    assertThat(PersonTarget.stored(db, "110101194503050021", "name")).isEqualTo("欧阳淑珍");
    assertThat(PersonTarget.stored(db, "110101194503050021", "needs")).isEqualTo("{MEAL,BATH}");
    assertThat(PersonTarget.stored(db, "110101195001010012", "lives_alone")).isEqualTo("false");
  }

  @Test
  void givenXlsx_whenImported_thenNumbersStayWholeAndDateCellsBecomeIsoDates() throws Exception {
    byte[] file = Sheets.xlsx(sheet -> {
      Sheets.textRow(sheet, 0, "身份证号", "姓名", "出生日期", "楼层", "身高（厘米）", "是否独居");
      sheet.value(1, 0, 110101194503050021L); // an ID number typed into a General cell
      sheet.value(1, 1, "张桂英");
      sheet.value(1, 2, LocalDate.of(1945, 3, 5));
      sheet.style(1, 2).format("yyyy-mm-dd").set();
      sheet.value(1, 3, 3);
      sheet.value(1, 4, 158.5);
      sheet.value(1, 5, true);
      sheet.value(2, 0, 5.32301199001011E17); // Excel shows it as 5.32301E+17
      sheet.value(2, 1, "李建国");
      sheet.value(2, 2, LocalDateTime.of(1950, 1, 1, 0, 0));
      sheet.style(2, 2).format("yyyy年m月d日").set(); // the writer cannot quote literals
      sheet.value(2, 3, "2");
    });

    ImportReport report = importFile(file);

    assertThat(report.fileProblems()).isEmpty();
    assertThat(report.problems()).isEmpty();
    assertThat(report.format()).isEqualTo(SheetFormat.XLSX);
    assertThat(report.created()).isEqualTo(2);
    assertThat(PersonTarget.stored(db, "110101194503050021", "birth_date")).isEqualTo("1945-03-05");
    assertThat(PersonTarget.stored(db, "110101194503050021", "floor")).isEqualTo("3");
    assertThat(PersonTarget.stored(db, "110101194503050021", "height_cm")).isEqualTo("158.5");
    assertThat(PersonTarget.stored(db, "110101194503050021", "lives_alone")).isEqualTo("true");
    assertThat(PersonTarget.stored(db, "532301199001011000", "name")).isEqualTo("李建国");
    assertThat(PersonTarget.stored(db, "532301199001011000", "birth_date")).isEqualTo("1950-01-01");
  }

  @Test
  void givenXlsxBytes_whenTheContentDecides_thenAnXlsxIsReadEvenThoughNothingNamesIt() {
    byte[] file = Sheets.xlsx(sheet -> {
      Sheets.textRow(sheet, 0, "姓名", "身份证号");
      Sheets.textRow(sheet, 1, "王秀兰", "11010119480808002X");
    });

    assertThat(new String(file, 0, 2, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PK");
    assertThat(importFile(file).created()).isEqualTo(1);
  }

  @Test
  void givenEnglishHeadersInAnotherOrder_whenImported_thenColumnsAreMatchedByName() throws Exception {
    ImportReport report = importFile(Sheets.csv(
        "Lives Alone,gender,NAME,ID_Number,Height (cm),services,date of birth",
        "yes,female,Zhang Guiying,110101194503050021,158,meal|bath,1945/3/5"));

    assertThat(report.fileProblems()).isEmpty();
    assertThat(report.created()).isEqualTo(1);
    assertThat(PersonTarget.stored(db, "110101194503050021", "name")).isEqualTo("Zhang Guiying");
    assertThat(PersonTarget.stored(db, "110101194503050021", "birth_date")).isEqualTo("1945-03-05");
    assertThat(PersonTarget.stored(db, "110101194503050021", "needs")).isEqualTo("{MEAL,BATH}");
    assertThat(PersonTarget.stored(db, "110101194503050021", "height_cm")).isEqualTo("158.0");
  }

  @Test
  void givenHeadersWithFullWidthSpacesParenthesesAndMarkers_whenImported_thenTheyStillMatch() {
    ImportReport report = importFile(Sheets.csv(
        "\u3000身份证号*\u3000,姓　名,身高(厘米),出生日期",
        "110101194503050021,张桂英,158,1945年3月5日"));

    assertThat(report.fileProblems()).isEmpty();
    assertThat(report.created()).isEqualTo(1);
  }

  @Test
  void givenMissingRequiredColumn_whenImported_thenFileErrorInBothLanguagesAndNothingWritten()
      throws Exception {
    ImportReport report = importFile(Sheets.csv("身份证号,出生日期", "110101194503050021,1945-03-05"));

    assertThat(report.fileProblems()).singleElement().satisfies(p -> {
      assertThat(p.isError()).isTrue();
      assertThat(p.code()).isEqualTo("import.header.missing");
      assertThat(p.row()).isNull();
      assertThat(report.message(p, Locale.SIMPLIFIED_CHINESE)).isEqualTo("缺少必填列“姓名 (name)”");
      assertThat(report.message(p, Locale.ENGLISH)).isEqualTo("The required column \"姓名 (name)\" is missing");
    });
    assertThat(report.written()).isFalse();
    assertThat(report.rows()).isEmpty();
    assertThat(PersonTarget.count(db)).isZero();
  }

  @Test
  void givenUnknownColumn_whenImported_thenWarnedAndTheRestImported() {
    ImportReport report = importFile(Sheets.csv(
        "身份证号,姓名,备注", "110101194503050021,张桂英,行动不便"));

    assertThat(report.hasErrors()).isFalse();
    assertThat(report.fileProblems()).singleElement().satisfies(p -> {
      assertThat(p.severity()).isEqualTo(ImportProblem.Severity.WARNING);
      assertThat(p.column()).isEqualTo("备注");
      assertThat(report.message(p, null)).isEqualTo("无法识别的列“备注”，已忽略该列");
    });
    assertThat(report.created()).isEqualTo(1);
  }

  @Test
  void givenAColumnTwice_whenImported_thenFileError() {
    ImportReport report = importFile(Sheets.csv(
        "身份证号,姓名,name", "110101194503050021,张桂英,Zhang"));

    assertThat(report.fileProblems()).extracting(ImportProblem::code).containsExactly("import.header.duplicate");
    assertThat(report.written()).isFalse();
  }

  @Test
  void givenBlankLinesAndQuotedLineBreaks_whenImported_thenRowNumbersAreTheSpreadsheetsOwn() {
    ImportReport report = importFile(Sheets.csv(
        "身份证号,姓名,楼层",
        "110101194503050021,\"张\n桂英\",1",
        ",,",
        "",
        "110101195001010012,李建国,十"));

    assertThat(report.rowsRead()).isEqualTo(2);
    assertThat(report.problems()).singleElement().satisfies(p -> {
      assertThat(p.row()).isEqualTo(5);
      assertThat(p.column()).isEqualTo("楼层");
      assertThat(p.value()).isEqualTo("十");
    });
  }

  @Test
  void givenSemicolonSeparatedCsv_whenImported_thenTheSeparatorIsDetected() throws Exception {
    ImportReport report = importFile(Sheets.csv("身份证号;姓名;身高（厘米）", "110101194503050021;张桂英;158.5"));

    assertThat(report.hasErrors()).isFalse();
    assertThat(PersonTarget.stored(db, "110101194503050021", "name")).isEqualTo("张桂英");
  }

  @Test
  void givenLegacyXlsOrBrokenZip_whenImported_thenFileErrorNamesTheProblem() {
    byte[] xls = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0};
    byte[] brokenZip = {'P', 'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8};

    ImportReport legacy = importFile(xls);
    ImportReport broken = importFile(brokenZip);

    assertThat(legacy.fileProblems()).extracting(ImportProblem::code).containsExactly("import.file.legacyXls");
    assertThat(legacy.message(legacy.fileProblems().get(0), Locale.ENGLISH)).contains(".xlsx");
    assertThat(broken.fileProblems()).extracting(ImportProblem::code).containsExactly("import.file.unreadable");
    assertThat(broken.format()).isNull();
  }
}
