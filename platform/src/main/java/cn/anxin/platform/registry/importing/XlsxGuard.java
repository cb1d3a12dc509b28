package cn.anxin.platform.registry.importing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Refuses a workbook that would expand beyond what a register can hold before it is parsed: the
 * parts are inflated (and thrown away) with a running total, so a small file that unpacks to
 * gigabytes (a "zip bomb") is stopped at the limit, whatever its headers claim.
 */
final class XlsxGuard {

  /** A 50,000-row register unpacks to a few tens of MiB. */
  static final long MAX_UNPACKED_BYTES = 64L * 1024 * 1024;
  static final int MAX_PARTS = 1_000;

  private XlsxGuard() {}

  static void check(byte[] file) throws SheetReadException {
    long total = 0;
    int parts = 0;
    byte[] buffer = new byte[64 * 1024];
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (++parts > MAX_PARTS) {
          throw new SheetReadException("import.file.tooLargeUnpacked");
        }
        for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
          total += n;
          if (total > MAX_UNPACKED_BYTES) {
            throw new SheetReadException("import.file.tooLargeUnpacked");
          }
        }
      }
    } catch (IOException e) {
      throw new SheetReadException("import.file.unreadable");
    }
  }
}
