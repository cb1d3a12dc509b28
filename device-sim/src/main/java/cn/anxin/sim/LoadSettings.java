package cn.anxin.sim;

import java.time.Duration;
import java.util.List;

/**
 * A validated load run: who connects where, how fast, what they send and for how long.
 *
 * @param localAddresses source addresses, device i uses {@code localAddresses[i % size]}; empty: the OS picks
 * @param messagesPerSecond per device; 0 sends nothing (hold mode)
 * @param churn share of connected devices (0..1) that disconnect and reconnect every {@code churnEvery}
 */
record LoadSettings(
        String host,
        int port,
        List<DeviceCredential> devices,
        List<String> localAddresses,
        double connectsPerSecond,
        double messagesPerSecond,
        int qos,
        PayloadMix mix,
        Duration duration,
        boolean hold,
        boolean reconnect,
        Duration reconnectDelay,
        Duration reconnectMaxDelay,
        double churn,
        Duration churnEvery,
        int keepAliveSeconds,
        Duration timeout,
        int maxInflight,
        int eventLoops,
        Duration progressEvery) {

    /** The source address of device {@code index}, or null to let the OS choose. */
    String localAddressOf(int index) {
        return localAddresses.isEmpty() ? null : localAddresses.get(index % localAddresses.size());
    }
}
