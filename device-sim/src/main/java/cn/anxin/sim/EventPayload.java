package cn.anxin.sim;

import java.nio.charset.StandardCharsets;

/**
 * One event ready to publish: its kind (the last topic level), its msgId and its JSON bytes.
 * The byte array is owned by the record; callers must not change it.
 */
public record EventPayload(String kind, String msgId, byte[] json) {

    /** The JSON as text, for logs and tests. */
    public String jsonText() {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return kind + " " + jsonText();
    }
}
