package cn.anxin.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What a load run did, as text for people or JSON for scripts. */
record LoadReport(
        int devices,
        String host,
        int port,
        boolean hold,
        int qos,
        double messagesPerSecondPerDevice,
        String mix,
        int localAddresses,
        double seconds,
        long connectionsAttempted,
        long connectionsAccepted,
        long connectionsFailed,
        Map<String, Long> failedByReason,
        int heldAtEnd,
        int peakHeld,
        long dropped,
        long reconnects,
        long churned,
        long sent,
        long acknowledged,
        long ackTimeouts,
        long lostInFlight,
        long publishErrors,
        long skippedWindowFull,
        double sentPerSecond,
        double acknowledgedPerSecond,
        Latency pubackLatencyMillis) {

    /** PUBACK latency percentiles in milliseconds; all 0 when nothing was acknowledged. */
    record Latency(long count, double p50, double p90, double p99, double max) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static LoadReport of(LoadSettings s, LoadStats stats, int heldAtEnd, double seconds) {
        Histogram h = stats.latencyMicros.copy();
        Latency latency = new Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
        double secs = Math.max(seconds, 1e-9);
        return new LoadReport(s.devices().size(), s.host(), s.port(), s.hold(), s.qos(),
                s.hold() ? 0 : s.messagesPerSecond(), s.mix().toString(), s.localAddresses().size(), seconds,
                stats.attempted.sum(), stats.accepted.sum(), stats.failed.sum(), stats.failuresByReason(),
                heldAtEnd, stats.peakHeld.get(), stats.dropped.sum(), stats.reconnects.sum(), stats.churned.sum(),
                stats.sent.sum(), stats.acked.sum(), stats.ackTimeouts.sum(), stats.lostInFlight.sum(),
                stats.publishErrors.sum(), stats.skipped.sum(), stats.sent.sum() / secs, stats.acked.sum() / secs,
                latency);
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    String text() {
        StringBuilder b = new StringBuilder();
        line(b, "load report 压测报告", "%s:%d, %d devices, %s", host, port, devices,
                hold ? "hold (keep-alive only)" : String.format(Locale.ROOT, "QoS %d, %.3f msg/s per device, mix %s",
                        qos, messagesPerSecondPerDevice, mix));
        line(b, "duration 时长", "%.1f s%s", seconds,
                localAddresses > 0 ? ", over " + localAddresses + " local addresses" : "");
        line(b, "connections attempted 尝试连接", "%d", connectionsAttempted);
        line(b, "connections accepted 连接成功", "%d", connectionsAccepted);
        line(b, "held at end 结束时在线", "%d (peak 峰值 %d)", heldAtEnd, peakHeld);
        line(b, "connections failed 连接失败", "%d", connectionsFailed);
        failedByReason.forEach((reason, n) -> line(b, "  " + reason, "%d", n));
        line(b, "dropped by server 被断开", "%d", dropped);
        line(b, "reconnects 重连", "%d", reconnects);
        if (churned > 0) {
            line(b, "churned 主动断开重连", "%d", churned);
        }
        if (!hold) {
            line(b, "messages sent 已发送", "%d (%.1f msg/s)", sent, sentPerSecond);
            if (qos == 1) {
                line(b, "acknowledged 已确认", "%d (%.1f msg/s)", acknowledged, acknowledgedPerSecond);
                line(b, "unacknowledged 未确认", "%d lost with a connection, %d past the ack timeout",
                        lostInFlight, ackTimeouts);
                line(b, "PUBACK latency 确认延迟", "p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms",
                        pubackLatencyMillis.p50(), pubackLatencyMillis.p90(), pubackLatencyMillis.p99(),
                        pubackLatencyMillis.max());
            }
            if (skippedWindowFull > 0 || publishErrors > 0) {
                line(b, "not sent 未发送", "%d (in-flight window full), %d (client error)", skippedWindowFull,
                        publishErrors);
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String format, Object... args) {
        b.append(String.format(Locale.ROOT, "%-36s %s%n", label, String.format(Locale.ROOT, format, args)));
    }
}
