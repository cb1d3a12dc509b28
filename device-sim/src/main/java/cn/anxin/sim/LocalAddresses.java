package cn.anxin.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the local source addresses connections are spread over: a comma-separated list of IPv4
 * addresses and ranges ({@code 127.0.0.2-127.0.0.20} or {@code 127.0.0.2-20}), or single IPv6 addresses.
 * One source address gives a server port only about 28,000 ephemeral ports, hence the spreading.
 */
final class LocalAddresses {

    static final int MAX = 65_536;
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private LocalAddresses() {
    }

    /** The addresses in order; throws IllegalArgumentException with a readable message. */
    static List<String> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--local-addresses must list at least one address");
        }
        List<String> addresses = new ArrayList<>();
        for (String raw : text.split(",")) {
            String item = raw.trim();
            if (item.isEmpty()) {
                throw new IllegalArgumentException("--local-addresses has an empty item: \"" + text + "\"");
            }
            if (item.indexOf(':') >= 0) { // IPv6, single address
                addresses.add(item);
                continue;
            }
            int dash = item.indexOf('-');
            if (dash < 0) {
                addresses.add(format(ipv4(item)));
                continue;
            }
            long first = ipv4(item.substring(0, dash).trim());
            String end = item.substring(dash + 1).trim();
            long last = end.matches("\\d{1,3}") ? (first & ~0xFFL) | octet(end, item) : ipv4(end);
            if (last < first) {
                throw new IllegalArgumentException("--local-addresses range ends before it starts: " + item);
            }
            if (addresses.size() + (last - first + 1) > MAX) {
                throw new IllegalArgumentException("--local-addresses lists more than " + MAX + " addresses");
            }
            for (long a = first; a <= last; a++) {
                addresses.add(format(a));
            }
        }
        return List.copyOf(addresses);
    }

    private static long ipv4(String text) {
        Matcher m = IPV4.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--local-addresses: not an IPv4 address or range: \"" + text + "\"");
        }
        long value = 0;
        for (int i = 1; i <= 4; i++) {
            value = (value << 8) | octet(m.group(i), text);
        }
        return value;
    }

    private static long octet(String digits, String context) {
        int v = Integer.parseInt(digits);
        if (v > 255) {
            throw new IllegalArgumentException("--local-addresses: " + v + " is not an octet (0-255) in \""
                    + context + "\"");
        }
        return v;
    }

    private static String format(long a) {
        return ((a >> 24) & 0xFF) + "." + ((a >> 16) & 0xFF) + "." + ((a >> 8) & 0xFF) + "." + (a & 0xFF);
    }
}
