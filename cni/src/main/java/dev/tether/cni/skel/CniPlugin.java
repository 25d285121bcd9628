package dev.tether.cni.skel;

import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.Result;
import java.util.Set;

/**
 * A CNI plugin's logic, one method per command, each given a parsed and validated request.
 * Throw {@link dev.tether.cni.spec.CniException} to fail with a spec code; any other exception
 * becomes a generic error (code 999) with its message. VERSION is answered by the runner.
 *
 * <p>Implementations must not touch the process (no System.exit, System.getenv, System.out):
 * the same instance serves exec'd calls and calls inside the daemon, possibly concurrently.
 */
public interface CniPlugin {

    /** One line printed on stderr when the plugin is run without CNI_COMMAND. */
    String about();

    /** The spec versions this plugin accepts in configs; all by default. */
    default Set<CniVersion> supportedVersions() {
        return CniVersion.ALL;
    }

    /**
     * Creates or adjusts the attachment. Must return the result (the prevResult, possibly
     * modified, when one was given); the runner writes it in the config's version.
     */
    Result add(CniRequest request) throws Exception;

    /** Undoes ADD; must succeed when things are already gone. */
    void del(CniRequest request) throws Exception;

    /** Verifies the attachment against {@link CniRequest#prevResult()}. */
    void check(CniRequest request) throws Exception;

    /** Reports readiness to serve ADD (fail with code 50 or 51); ready by default. */
    default void status(CniRequest request) throws Exception {}

    /** Removes resources of attachments not in {@link CniRequest#validAttachments()}; none by default. */
    default void gc(CniRequest request) throws Exception {}

    /**
     * Whether GC reaches {@link #gc} when the valid-attachments list has malformed entries. False
     * (the default): such a GC fails with code 7 before the plugin runs, so nothing is removed on
     * the strength of a list the plugin cannot read. True: {@link CniRequest#validAttachments()}
     * holds the well-formed entries, and the plugin reads the raw list
     * ({@link dev.tether.cni.spec.GcAttachment#listNode}) to keep what a bad entry may still mean,
     * carries on, and reports the bad entries (spec: GC continues past errors and reports them).
     */
    default boolean readsMalformedGcAttachments() {
        return false;
    }
}
