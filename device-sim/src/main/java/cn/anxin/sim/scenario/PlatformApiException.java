package cn.anxin.sim.scenario;

/** The platform's API refused or could not be reached; the message says which call and why. */
public final class PlatformApiException extends Exception {

    private final int status;

    public PlatformApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }
}
