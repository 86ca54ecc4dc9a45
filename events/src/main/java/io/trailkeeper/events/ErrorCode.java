package io.trailkeeper.events;

/**
 * Every failure TrailKeeper reports to a user, with a stable code (searchable in the README) and the exit
 * code the command line ends with. Codes never change meaning.
 */
public enum ErrorCode {
    USAGE("TK-001", 2),
    INPUT_NOT_FOUND("TK-002", 2),
    STORE_MISSING("TK-100", 2),
    STORE_BUSY("TK-101", 1),
    STORE_UNREADABLE("TK-102", 1),
    STORE_NEWER("TK-103", 1),
    STORE_WRITE_FAILED("TK-104", 1),
    SQL_ERROR("TK-105", 2),
    SQL_NOT_READ_ONLY("TK-106", 2),
    INCOMPLETE("TK-201", 4),
    /** AWS credentials missing, expired or refused. */
    AWS_CREDENTIALS("TK-301", 1),
    /** AWS could not be reached (endpoint, network). */
    AWS_UNREACHABLE("TK-302", 1),
    /** AWS answered with an error that is not about access (a bad parameter, a missing resource). */
    AWS_ERROR("TK-303", 1),
    INTERNAL("TK-999", 1);

    private final String code;
    private final int exitCode;

    ErrorCode(String code, int exitCode) {
        this.code = code;
        this.exitCode = exitCode;
    }

    public String code() {
        return code;
    }

    /** The process exit code for this failure: 1 internal, 2 usage, 4 incomplete (see DESIGN.md). */
    public int exitCode() {
        return exitCode;
    }
}
