package dev.tether.cni.invoke;

import dev.tether.cni.skel.Outcome;
import dev.tether.cni.spec.CniError;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.Result;
import java.util.Optional;

/**
 * Reads what a called plugin produced: its result on success, or its error object (code, msg
 * and details passed on unchanged) on failure, or a generic error built from its stderr when it
 * failed without printing an error object.
 */
final class OutcomeDecoder {
    private static final int SNIPPET = 400;

    private OutcomeDecoder() {}

    /** The ADD result; {@code configVersion} is assumed when the result names no version. */
    static Result result(String type, Outcome outcome, CniVersion configVersion) {
        requireSuccess(type, outcome);
        try {
            return Result.fromBytes(outcome.stdout(), configVersion);
        } catch (CniException e) {
            throw e.prefixed("plugin \"" + type + "\" returned an unusable result: ");
        }
    }

    static void requireSuccess(String type, Outcome outcome) {
        if (!outcome.succeeded()) {
            throw failure(type, outcome);
        }
    }

    static CniException failure(String type, Outcome outcome) {
        Optional<CniError> error = Optional.empty();
        if (outcome.stdout().length > 0) {
            try {
                error = CniError.fromJson(Json.parseObject(outcome.stdout(), "error"));
            } catch (CniException notJson) {
                // not an error object: described below
            }
        }
        if (error.isPresent()) {
            return new CniException(error.get());
        }
        String said = outcome.stdout().length > 0 ? outcome.stdoutText() : outcome.stderrText();
        String details = said.isBlank() ? "it printed no error" : "it printed: " + snippet(said.strip());
        return new CniException(ErrorCode.INTERNAL,
                "plugin \"" + type + "\" failed with exit code " + outcome.exitCode(), details);
    }

    private static String snippet(String text) {
        return text.length() <= SNIPPET ? text : text.substring(0, SNIPPET) + "...";
    }
}
