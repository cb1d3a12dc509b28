package cn.anxin.sim;

/** Human descriptions of the MQTT return and reason codes the Anxin server may send. */
final class ReasonCodes {

    private ReasonCodes() {
    }

    /** Describes a CONNACK return code (3.1.1) or reason code (5). */
    static String connack(int protocolVersion, int code) {
        String text = protocolVersion == 5 ? connack5(code) : connack3(code);
        String shown = protocolVersion == 5 ? hex(code) : Integer.toString(code);
        return text + " (CONNACK " + (protocolVersion == 5 ? "reason" : "return") + " code " + shown + ")";
    }

    /** Describes an MQTT 5 PUBACK reason code. */
    static String puback(int code) {
        String text = switch (code) {
            case 0x00 -> "success";
            case 0x10 -> "no matching subscribers";
            case 0x80 -> "unspecified error";
            case 0x83 -> "implementation specific error";
            case 0x87 -> "not authorized";
            case 0x90 -> "topic name invalid";
            case 0x91 -> "packet identifier in use";
            case 0x97 -> "quota exceeded";
            case 0x99 -> "payload format invalid";
            default -> "unknown reason";
        };
        return text + " (PUBACK reason code " + hex(code) + ")";
    }

    static String hex(int code) {
        return String.format("0x%02X", code);
    }

    private static String connack3(int code) {
        return switch (code) {
            case 1 -> "unacceptable protocol version";
            case 2 -> "identifier rejected";
            case 3 -> "server unavailable";
            case 4 -> "bad user name or password";
            case 5 -> "not authorized";
            default -> "unknown refusal";
        };
    }

    private static String connack5(int code) {
        return switch (code) {
            case 0x80 -> "unspecified error";
            case 0x81 -> "malformed packet";
            case 0x82 -> "protocol error";
            case 0x83 -> "implementation specific error";
            case 0x84 -> "unsupported protocol version";
            case 0x85 -> "client identifier not valid";
            case 0x86 -> "bad user name or password";
            case 0x87 -> "not authorized";
            case 0x88 -> "server unavailable";
            case 0x89 -> "server busy";
            case 0x8A -> "banned";
            case 0x8C -> "bad authentication method";
            case 0x95 -> "packet too large";
            case 0x97 -> "quota exceeded";
            case 0x9F -> "connection rate exceeded";
            default -> "unknown refusal";
        };
    }
}
