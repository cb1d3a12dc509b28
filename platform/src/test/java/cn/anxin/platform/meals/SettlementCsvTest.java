package cn.anxin.platform.meals;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A settlement CSV opened in Excel or WPS runs nothing a diner's name or code could carry. */
class SettlementCsvTest {

  @Test
  void givenTextsThatASpreadsheetWouldRun_whenWritten_thenTheyStayText() {
    assertThat(Settlement.inert("=HYPERLINK(\"http://x\",\"点我\")")).isEqualTo("'=HYPERLINK(\"http://x\",\"点我\")");
    assertThat(Settlement.inert("+1+1")).isEqualTo("'+1+1");
    assertThat(Settlement.inert("-2")).isEqualTo("'-2");
    assertThat(Settlement.inert("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(Settlement.inert("\tcmd")).isEqualTo("'\tcmd");
  }

  @Test
  void givenOrdinaryNamesAndCodes_whenWritten_thenTheyAreUnchanged() {
    assertThat(Settlement.inert("张桂英")).isEqualTo("张桂英");
    assertThat(Settlement.inert("E-0001")).isEqualTo("E-0001");
    assertThat(Settlement.inert("")).isEmpty();
  }
}
