package cn.anxin.platform.registry.importing;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns CSV bytes into text: UTF-8 with or without a byte-order mark, UTF-16 with a byte-order
 * mark, and otherwise GB18030 (a superset of GBK and GB2312, which Excel uses when it saves
 * "CSV (comma delimited)" on a Chinese Windows) whenever the bytes are not valid UTF-8.
 */
final class CsvDecoding {

  static final Charset GB18030 = Charset.forName("GB18030");

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final byte[] UTF16LE_BOM = {(byte) 0xFF, (byte) 0xFE};
  private static final byte[] UTF16BE_BOM = {(byte) 0xFE, (byte) 0xFF};

  /** Decoded text and the character set it was decoded with. */
  record Decoded(String text, Charset charset) {}

  private CsvDecoding() {}

  static Decoded decode(byte[] bytes) {
    if (SheetFormat.startsWith(bytes, UTF8_BOM)) {
      return lenient(bytes, UTF8_BOM.length, StandardCharsets.UTF_8);
    }
    if (SheetFormat.startsWith(bytes, UTF16LE_BOM)) {
      return lenient(bytes, UTF16LE_BOM.length, StandardCharsets.UTF_16LE);
    }
    if (SheetFormat.startsWith(bytes, UTF16BE_BOM)) {
      return lenient(bytes, UTF16BE_BOM.length, StandardCharsets.UTF_16BE);
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      return new Decoded(text, StandardCharsets.UTF_8);
    } catch (CharacterCodingException notUtf8) {
      return lenient(bytes, 0, GB18030);
    }
  }

  private static Decoded lenient(byte[] bytes, int offset, Charset charset) {
    return new Decoded(new String(bytes, offset, bytes.length - offset, charset), charset);
  }
}
