package cn.anxin.platform.registry.importing;

/** The spreadsheet formats the engine reads, told apart by content, never by file name. */
public enum SheetFormat {
  CSV,
  XLSX;

  private static final byte[] ZIP = {'P', 'K', 3, 4};
  private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0};

  /**
   * XLSX when the bytes are a zip archive, CSV otherwise.
   *
   * @throws SheetReadException {@code import.file.legacyXls} for an Excel 97-2003 (.xls) file
   */
  static SheetFormat detect(byte[] file) throws SheetReadException {
    if (startsWith(file, ZIP)) {
      return XLSX;
    }
    if (startsWith(file, OLE2)) {
      throw new SheetReadException("import.file.legacyXls");
    }
    return CSV;
  }

  static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
