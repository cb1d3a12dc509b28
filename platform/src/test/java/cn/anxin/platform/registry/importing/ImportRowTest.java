package cn.anxin.platform.registry.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The typed cell helpers: what they accept, and the problem each records on bad input. */
class ImportRowTest {

  private static final List<ImportColumn> COLUMNS = new PersonTarget().columns();

  /** A row 7 with one cell, under the column's Chinese header. */
  private static ImportRow row(String key, String cell) {
    List<String> headers = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    for (ImportColumn column : COLUMNS) {
      headers.add(column.header());
      cells.add(column.key().equals(key) ? cell : "");
    }
    ColumnLayout layout = new HeaderMatcher(COLUMNS).match(headers, new ArrayList<>());
    return new ImportRow(7, layout, cells);
  }

  private static List<String> codes(ImportRow row) {
    return row.problems().list().stream().map(ImportProblem::code).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-03-05", "2024/3/5", "2024.03.05", "2024年3月5日", "2024 年 3 月 5 日",
      "20240305", "２０２４－０３－０５", "2024-03-05 00:00:00", " 2024/03/05 "})
  void givenADateInAnyCommonSpelling_whenRead_thenItIsThatDate(String text) {
    ImportRow row = row("birthDate", text);

    assertThat(row.date("birthDate")).isEqualTo(LocalDate.of(2024, 3, 5));
    assertThat(row.problems().hasErrors()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-02-30", "3/5/2024", "昨天", "2024-13-01", "45356"})
  void givenNotADate_whenRead_thenNullAndNotDate(String text) {
    ImportRow row = row("birthDate", text);

    assertThat(row.date("birthDate")).isNull();
    assertThat(codes(row)).containsExactly("import.value.notDate");
    assertThat(row.problems().list().get(0))
        .extracting(ImportProblem::row, ImportProblem::column, ImportProblem::value)
        .containsExactly(7, "出生日期", text);
  }

  @Test
  void givenADateOutsideTheRange_whenRead_thenDateOutOfRange() {
    ImportRow row = row("birthDate", "2099-01-01");

    assertThat(row.date("birthDate", LocalDate.of(1900, 1, 1), LocalDate.of(2030, 12, 31))).isNull();
    assertThat(row.problems().list().get(0).args()).containsExactly("1900-01-01", "2030-12-31");
  }

  @ParameterizedTest
  @CsvSource({"12,12", "-3,-3", "+7,7", "12.0,12", "１２,12"})
  void givenAWholeNumber_whenReadAsInteger_thenItsValue(String text, int expected) {
    assertThat(row("floor", text).integer("floor", -3, 99)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"12.5,import.value.notInteger", "十二,import.value.notInteger", "1e3,import.value.notInteger",
      "100,import.value.outOfRange", "-4,import.value.outOfRange",
      "99999999999999999999,import.value.outOfRange"})
  void givenABadInteger_whenRead_thenNullAndTheProblem(String text, String code) {
    ImportRow row = row("floor", text);

    assertThat(row.integer("floor", -3, 99)).isNull();
    assertThat(codes(row)).containsExactly(code);
  }

  @ParameterizedTest
  @CsvSource(value = {"172.5|172.5", "1,234.5|1234.5", ".5|0.5", "１７０|170"}, delimiter = '|')
  void givenADecimal_whenRead_thenItsValue(String text, String expected) {
    assertThat(row("heightCm", text).decimal("heightCm")).isEqualByComparingTo(expected);
  }

  @Test
  void givenBadDecimals_whenRead_thenNotNumberOrOutOfRange() {
    ImportRow words = row("heightCm", "一米七");
    ImportRow tall = row("heightCm", "300");

    assertThat(words.decimal("heightCm")).isNull();
    assertThat(tall.decimal("heightCm", BigDecimal.valueOf(50), BigDecimal.valueOf(250))).isNull();
    assertThat(codes(words)).containsExactly("import.value.notNumber");
    assertThat(codes(tall)).containsExactly("import.value.outOfRange");
  }

  @ParameterizedTest
  @CsvSource({"女,F", "Female,F", " MALE ,M", "F,F", "ｍａｌｅ,M"})
  void givenAChineseOrEnglishLabelOrTheCode_whenReadAsChoice_thenTheCode(String text, String code) {
    assertThat(row("gender", text).choice("gender", PersonTarget.GENDERS)).isEqualTo(code);
  }

  @ParameterizedTest
  @ValueSource(strings = {"助餐、助浴", "助餐,助浴", "助餐，助浴", "助餐;助浴", "助餐；助浴", "助餐|bath",
      "meal ｜ BATH", "助餐、助浴、助餐", "、助餐、、助浴、"})
  void givenSeveralLabelsWithAnySeparator_whenReadAsChoices_thenTheCodesInOrder(String text) {
    ImportRow row = row("needs", text);

    assertThat(row.choices("needs", PersonTarget.NEEDS)).containsExactly("MEAL", "BATH");
    assertThat(row.problems().hasErrors()).isFalse();
  }

  @Test
  void givenAnUnknownLabelAmongSeveral_whenReadAsChoices_thenTheUnknownOneIsNamed() {
    ImportRow row = row("needs", "助餐、跳舞");

    assertThat(row.choices("needs", PersonTarget.NEEDS)).isNull();
    assertThat(row.problems().list().get(0).args().get(0)).isEqualTo("跳舞");
  }

  @ParameterizedTest
  @CsvSource({"是,true", "否,false", "YES,true", "no,false", "TRUE,true", "false,false", "1,true",
      "0,false", "y,true", "N,false"})
  void givenAYesOrNo_whenReadAsBoolean_thenItsValue(String text, boolean expected) {
    assertThat(row("livesAlone", text).bool("livesAlone")).isEqualTo(expected);
  }

  @Test
  void givenNeitherYesNorNo_whenReadAsBoolean_thenNotBoolean() {
    ImportRow row = row("livesAlone", "也许");

    assertThat(row.bool("livesAlone")).isNull();
    assertThat(codes(row)).containsExactly("import.value.notBoolean");
  }

  @Test
  void givenText_whenRead_thenTrimmedAndCheckedForLengthAndPresence() {
    assertThat(row("name", "\u3000 张桂英 \u00A0").text("name")).isEqualTo("张桂英");
    assertThat(row("name", "   ").text("name")).isNull();

    ImportRow blank = row("name", " ");
    ImportRow longName = row("name", "一二三四五六");
    assertThat(blank.requiredText("name")).isNull();
    assertThat(longName.requiredText("name", 5)).isNull();
    assertThat(codes(blank)).containsExactly("import.value.required");
    assertThat(codes(longName)).containsExactly("import.value.tooLong");
    assertThat(longName.problems().list().get(0).args()).containsExactly("5");
  }

  @Test
  void givenABlankCell_whenReadByAnyHelper_thenNullWithoutProblems() {
    ImportRow row = row("name", "张桂英");

    assertThat(row.integer("floor", 0, 9)).isNull();
    assertThat(row.decimal("heightCm")).isNull();
    assertThat(row.date("birthDate")).isNull();
    assertThat(row.choice("gender", PersonTarget.GENDERS)).isNull();
    assertThat(row.choices("needs", PersonTarget.NEEDS)).isNull();
    assertThat(row.bool("livesAlone")).isNull();
    assertThat(row.problems().list()).isEmpty();
  }

  @Test
  void givenALongValue_whenReported_thenItIsCutTo64Characters() {
    String value = "长".repeat(100);
    ImportRow row = row("gender", value);

    row.choice("gender", PersonTarget.GENDERS);

    String reported = row.problems().list().get(0).value();
    assertThat(reported).hasSize(ImportProblem.MAX_VALUE_LENGTH).endsWith("…").startsWith("长长长");
  }

  @Test
  void givenTheSameCheckTwice_whenRecorded_thenReportedOnce() {
    ImportRow row = row("name", "");

    row.problems().error("name", "import.value.required");
    row.requiredText("name");

    assertThat(codes(row)).containsExactly("import.value.required");
  }

  @Test
  void givenAKeyTheTargetNeverDeclared_whenRead_thenAProgrammingErrorNotAProblem() {
    ImportRow row = row("name", "张桂英");

    assertThatThrownBy(() -> row.text("nickname")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> row.problems().error("nickname", "import.value.required"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenATargetWhoseHeadersCollide_whenMatched_thenRefused() {
    List<ImportColumn> clashing = List.of(
        ImportColumn.required("name", "姓名", "name"), ImportColumn.optional("nickname", "昵称", "Name"));

    assertThatThrownBy(() -> new HeaderMatcher(clashing)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenExcelNumberFormats_whenClassified_thenDateFormatsAreRecognised() {
    assertThat(XlsxCellText.isDateFormat(14, null)).isTrue();
    assertThat(XlsxCellText.isDateFormat(31, null)).isTrue(); // Chinese Excel's yyyy"年"m"月"d"日"
    assertThat(XlsxCellText.isDateFormat(164, "yyyy\"年\"m\"月\"d\"日\"")).isTrue();
    assertThat(XlsxCellText.isDateFormat(165, "[$-804]yyyy/m/d;@")).isTrue();
    assertThat(XlsxCellText.isDateFormat(0, "General")).isFalse();
    assertThat(XlsxCellText.isDateFormat(166, "0_);[Red](0)")).isFalse();
    assertThat(XlsxCellText.isDateFormat(167, "#,##0 \"元/月\"")).isFalse();
  }
}
