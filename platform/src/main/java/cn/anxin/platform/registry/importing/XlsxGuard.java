package cn.anxin.platform.registry.importing;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

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
    // The central directory, as spreadsheet programs write it (stored parts with data descriptors
    // included, which a plain ZipInputStream refuses).
    try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(file)).get()) {
      for (ZipArchiveEntry entry : java.util.Collections.list(zip.getEntries())) {
        if (++parts > MAX_PARTS) {
          throw new SheetReadException("import.file.tooLargeUnpacked");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            total += n;
            if (total > MAX_UNPACKED_BYTES) {
              throw new SheetReadException("import.file.tooLargeUnpacked");
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new SheetReadException("import.file.unreadable");
    }
  }
}
