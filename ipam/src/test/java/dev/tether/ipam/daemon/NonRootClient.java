package dev.tether.ipam.daemon;

import java.nio.file.Path;
import java.util.Map;

/** Child main run as user nobody: sends one request and prints what the daemon answered. */
public final class NonRootClient {
    public static void main(String[] args) throws Exception {
        Reply reply = new DaemonClient(Path.of(args[0])).call(TestHandlers.ALLOC, Map.of("CNI_COMMAND", "ADD"), new byte[0]);
        System.out.println("exit=" + reply.exitCode());
        System.out.println(reply.stdoutText());
    }
}
