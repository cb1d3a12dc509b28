package cn.anxin.sim.scenario;

/** A scenario file that cannot be used; the message names the file, line and column and says why. */
public final class ScenarioFileException extends Exception {

    private final int line;

    public ScenarioFileException(String message, int line, Throwable cause) {
        super(message, cause);
        this.line = line;
    }

    /** The line of the problem (1-based), or -1 when unknown. */
    public int line() {
        return line;
    }
}
