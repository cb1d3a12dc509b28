package cn.anxin.platform.privacy;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Resident identity card numbers (居民身份证号码, GB 11643-1999): 18 characters, a six-digit area code,
 * the birth date, a sequence code whose last digit is odd for men, and an ISO 7064 MOD 11-2 check
 * character (0-9 or X).
 */
public final class IdCards {

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

  private IdCards() {}

  /** The number with blanks removed and a lower-case x raised; empty when it is not a valid number. */
  public static Optional<String> normalise(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.strip().replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    return valid(s) ? Optional.of(s) : Optional.empty();
  }

  /** True for 18 characters with a real birth date and a matching check character. */
  public static boolean valid(String s) {
    if (s == null || !s.matches("[0-9]{17}[0-9X]")) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (s.charAt(i) - '0') * WEIGHTS[i];
    }
    if (CHECK[sum % 11] != s.charAt(17)) {
      return false;
    }
    try {
      LocalDate birth = birthDate(s);
      return !birth.isBefore(LocalDate.of(1890, 1, 1)) && !birth.isAfter(LocalDate.now());
    } catch (DateTimeException e) {
      return false;
    }
  }

  /** The birth date the number carries (characters 7-14). */
  public static LocalDate birthDate(String s) {
    return LocalDate.of(Integer.parseInt(s.substring(6, 10)), Integer.parseInt(s.substring(10, 12)),
        Integer.parseInt(s.substring(12, 14)));
  }

  /** "M" or "F": the 17th character is odd for men. */
  public static String sex(String s) {
    return (s.charAt(16) - '0') % 2 == 1 ? "M" : "F";
  }

  /** The last four characters, the only part kept in clear (for masked display). */
  public static String last4(String s) {
    return s.substring(14);
  }

  /** The masked form shown to roles that may not see the number: fourteen stars and the last four. */
  public static String mask(String last4) {
    return last4 == null ? null : "**************" + last4;
  }

  /** The check character for 17 leading digits, for generating test and demo numbers. */
  public static char checkCharacter(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * WEIGHTS[i];
    }
    return CHECK[sum % 11];
  }
}
