/**
 * The plugin skeleton: a plugin implements {@link dev.tether.cni.skel.CniPlugin};
 * {@link dev.tether.cni.skel.PluginRunner} turns it into a pure function
 * {@link dev.tether.cni.skel.Invocation} (env, stdin) to {@link dev.tether.cni.skel.Outcome}
 * (exit code, stdout, stderr), usable in an exec'd JVM and inside the daemon alike;
 * {@link dev.tether.cni.skel.PluginMain} binds it to a real process.
 */
package dev.tether.cni.skel;
