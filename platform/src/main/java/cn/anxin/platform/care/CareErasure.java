package cn.anxin.platform.care;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The care services' part of erasing an elder (PIPL art. 47): the safe zones (a home's position)
 * are deleted; visits and work orders stay, so the visit rate and the work done still count, but
 * their free text (findings, next action, description, outcome) is replaced by a dash.
 */
public final class CareErasure {

  /** What replaces erased free text. */
  public static final String ERASED_TEXT = "—";

  private CareErasure() {}

  public static void erase(Connection c, long elderId) throws SQLException {
    update(c, "DELETE FROM elder_safe_zone WHERE elder_id = ?", elderId);
    update(c, "UPDATE care_visit SET findings = '" + ERASED_TEXT + "', next_action = NULL WHERE elder_id = ?",
        elderId);
    update(c, "UPDATE care_work_order SET description = '" + ERASED_TEXT + "',"
        + " outcome = CASE WHEN outcome IS NULL THEN NULL ELSE '" + ERASED_TEXT + "' END WHERE elder_id = ?", elderId);
  }

  private static void update(Connection c, String sql, long elderId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, elderId);
      s.executeUpdate();
    }
  }
}
