package cn.anxin.platform.registry.importing;

import java.util.List;
import java.util.Objects;

/**
 * One column an {@link ImportTarget} understands.
 *
 * <p>A file's header cell matches the column when, after folding (surrounding and inner
 * whitespace removed, full-width characters such as {@code （} or {@code Ｎ} made half-width,
 * case ignored, {@code *} markers, {@code _} and {@code -} dropped), it equals the folded
 * {@link #header() Chinese header}, one of the folded {@link #aliases() aliases}, or the folded
 * {@link #key() key}. So {@code 身高(厘米)} matches {@code 身高（厘米）}, and {@code ID Card},
 * {@code id_card} and {@code idcard} all match the alias {@code idCard}.
 *
 * @param key the name the target reads the cell by, e.g. {@code idCard}
 * @param header the Chinese header of the official template, e.g. {@code 身份证号}
 * @param aliases other accepted headers, usually English, e.g. {@code idCard}, {@code ID number}
 * @param required when true the file must have the column (else a file-level error) and every
 *     data row a non-blank value in it (else a row error, recorded before
 *     {@link ImportTarget#parse} is called)
 */
public record ImportColumn(String key, String header, List<String> aliases, boolean required) {

  public ImportColumn {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(header, "header");
    aliases = List.copyOf(aliases);
  }

  /** A column the file must have, with a value on every row. */
  public static ImportColumn required(String key, String header, String... aliases) {
    return new ImportColumn(key, header, List.of(aliases), true);
  }

  /** A column the file may leave out, or leave blank on some rows. */
  public static ImportColumn optional(String key, String header, String... aliases) {
    return new ImportColumn(key, header, List.of(aliases), false);
  }

  /** The header to show for this column when the file has none, e.g. {@code 姓名 (name)}. */
  String displayName() {
    return aliases.isEmpty() ? header : header + " (" + aliases.get(0) + ")";
  }
}
