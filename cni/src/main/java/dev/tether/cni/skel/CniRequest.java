package dev.tether.cni.skel;

import dev.tether.cni.spec.CniArgs;
import dev.tether.cni.spec.CniCommand;
import dev.tether.cni.spec.CniEnv;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.GcAttachment;
import dev.tether.cni.spec.PluginConfig;
import dev.tether.cni.spec.Result;
import java.io.PrintStream;
import java.util.List;

/**
 * One validated call of a plugin command.
 *
 * @param validAttachments the attachments GC must keep; empty for other commands
 * @param stderr this call's diagnostics stream (never the process's: inside the daemon each call
 *     has its own), where delegates' stderr is relayed too
 */
public record CniRequest(CniEnv env, PluginConfig config, List<GcAttachment> validAttachments, PrintStream stderr) {

    public CniRequest {
        validAttachments = List.copyOf(validAttachments);
    }

    public CniCommand command() {
        return env.command();
    }

    public CniVersion cniVersion() {
        return config.cniVersion();
    }

    public String containerId() {
        return env.containerId();
    }

    /** The container's netns path; null when not given (allowed for DEL). */
    public String netns() {
        return env.netns();
    }

    public String ifName() {
        return env.ifName();
    }

    public CniArgs args() {
        return env.args();
    }

    /** The previous result, or null when there is none. */
    public Result prevResult() {
        return config.prevResult();
    }
}
