package cn.anxin.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Set;

/** The credentials of the devices a load run connects: from a CSV file, or an id pattern and one secret. */
final class LoadCredentials {

    private LoadCredentials() {
    }

    /**
     * Reads {@code deviceId,secret} lines (UTF-8). Blank lines, lines starting with {@code #} and a first
     * line {@code deviceId,secret} are skipped; the secret is everything after the first comma.
     */
    static List<DeviceCredential> fromCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--credentials: cannot read " + file + ": " + e.getMessage(), e);
        }
        List<DeviceCredential> credentials = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")
                    || (credentials.isEmpty() && line.equalsIgnoreCase("deviceId,secret"))) {
                continue;
            }
            int comma = line.indexOf(',');
            if (comma <= 0 || comma == line.length() - 1) {
                throw new IllegalArgumentException("--credentials " + file + " line " + (i + 1)
                        + ": expected deviceId,secret");
            }
            DeviceCredential credential;
            try {
                credential = new DeviceCredential(line.substring(0, comma).strip(), line.substring(comma + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--credentials " + file + " line " + (i + 1) + ": "
                        + e.getMessage(), e);
            }
            if (!ids.add(credential.deviceId())) {
                throw new IllegalArgumentException("--credentials " + file + " line " + (i + 1)
                        + ": device id " + credential.deviceId() + " appears twice");
            }
            credentials.add(credential);
        }
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException("--credentials " + file + " holds no deviceId,secret line");
        }
        return credentials;
    }

    /** {@code count} devices named by {@code pattern} (a String.format pattern taking the index) from {@code first}. */
    static List<DeviceCredential> fromPattern(String pattern, int first, int count, String secret) {
        String a;
        String b;
        try {
            a = String.format(pattern, first);
            b = String.format(pattern, first + 1);
        } catch (IllegalFormatException e) {
            throw new IllegalArgumentException("--id-pattern must take one integer, like load-%05d, was \""
                    + pattern + "\"", e);
        }
        if (a.equals(b)) {
            throw new IllegalArgumentException("--id-pattern must contain the index, like load-%05d, was \""
                    + pattern + "\"");
        }
        List<DeviceCredential> credentials = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            credentials.add(new DeviceCredential(String.format(pattern, first + i), secret));
        }
        return credentials;
    }
}
