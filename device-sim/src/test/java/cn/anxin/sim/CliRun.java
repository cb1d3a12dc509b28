package cn.anxin.sim;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One in-process run of the device-sim command line: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

    private static final Pattern MSG_ID = Pattern.compile("\\(msgId=([A-Za-z0-9._:-]+)\\) acknowledged");

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = DeviceSim.execute(o, e, args);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The msgId printed on the "acknowledged" line, or null. */
    String acknowledgedMsgId() {
        Matcher m = MSG_ID.matcher(out);
        return m.find() ? m.group(1) : null;
    }
}
