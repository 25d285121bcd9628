#!/usr/bin/env python3
"""ADD/DEL latency of Tether's installed plugins next to the reference Go plugins, in one run.

Usage (root, after `mvn package`):  python3 packaging/bench/cni-bench.py [-n 50] [--parallel 8]

Each exec'd plugin process is timed from fork to exit and its peak RSS read from wait4's rusage
(by the small spawn-rss.c), as a container runtime would experience it. Compared on the same config (bridge with
isGateway, IPAM over a /16), with ipMasq off and on, N ADDs then N DELs serially and with
--parallel workers:
  tether + daemon   the tree's cni/tether-bridge (C forwarder) -> a warm `tether daemon`
  tether, no daemon the same executable when no daemon answers: it execs the Java plugin
  java fwd + daemon the Java alternative to the C forwarder (JavaForwarder.java: the JDK and
                    jackson-core only, on the tree's runtime with an AOT cache of its own)
                    handing the call to the same daemon (serial runs only)
  reference         Debian's containernetworking-plugins: bridge + host-local
Every tool gets its own throw-away host namespace ("tt-bench-..."), so the host is never touched;
the containers are N throw-away namespaces. Everything is deleted at the end, even on failure.
The daemon is warmed up first (it runs long in real use); every tool also gets a few unmeasured
calls before each batch. On a machine shared with other work, run it as `nice -n -20 python3 ...`.
"""
import argparse
import ctypes
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

CLONE_NEWNET = 0x40000000
LIBC = ctypes.CDLL(None, use_errno=True)
WARMUP = 5
DAEMON_WARMUP = 300  # ADD/DEL pairs through the daemon before any measurement: a daemon runs long and warm


def enter_netns(path):
    """Moves the calling thread (only it: setns is per thread) into a network namespace."""
    fd = os.open(path, os.O_RDONLY)
    try:
        if LIBC.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, "setns " + path + ": " + os.strerror(err))
    finally:
        os.close(fd)


def ip(*args):
    subprocess.run(["ip", *args], check=True, stdout=subprocess.DEVNULL)


class Tool:
    def __init__(self, name, argv, ipam_type, plugin_type, env, serial_only=False):
        self.name, self.argv, self.ipam_type, self.plugin_type = name, argv, ipam_type, plugin_type
        self.env, self.serial_only = env, serial_only
        self.host = None  # the tool's host namespace path

    def config(self, ipmasq, data_dir):
        ipam = '"type":"%s","subnet":"10.201.0.0/16"' % self.ipam_type
        if self.ipam_type == "host-local":
            ipam += ',"dataDir":"%s"' % data_dir
        return ('{"cniVersion":"1.0.0","name":"bench","type":"%s","bridge":"ttbench0","isGateway":true,'
                '"ipMasq":%s,"ipam":{%s}}' % (self.plugin_type, "true" if ipmasq else "false", ipam)).encode()


class Call:
    __slots__ = ("seconds", "cpu_seconds", "maxrss_kb", "status", "stdout", "stderr")


def exec_plugin(spawner, tool, command, container, stdin):
    """Runs the plugin through spawn-rss from the calling thread (already in the tool's host
    namespace, which the child inherits) and returns its time, peak RSS and output."""
    env = dict(tool.env, CNI_COMMAND=command, CNI_CONTAINERID=container, CNI_IFNAME="eth0",
               CNI_NETNS="/run/netns/" + container, PATH="/usr/sbin:/usr/bin:/sbin:/bin")
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    rep_r, rep_w = os.pipe()
    argv = [spawner] + tool.argv
    pid = os.posix_spawn(spawner, argv, env, file_actions=[
        (os.POSIX_SPAWN_DUP2, in_r, 0), (os.POSIX_SPAWN_DUP2, out_w, 1), (os.POSIX_SPAWN_DUP2, err_w, 2),
        (os.POSIX_SPAWN_DUP2, rep_w, 3)])
    for fd in (in_r, out_w, err_w, rep_w):
        os.close(fd)
    os.write(in_w, stdin)
    os.close(in_w)
    with os.fdopen(out_r, "rb") as out, os.fdopen(err_r, "rb") as err, os.fdopen(rep_r, "rb") as rep:
        stdout, stderr, report = out.read(), err.read(), rep.read().split()
    os.waitpid(pid, 0)
    call = Call()
    call.seconds = int(report[0]) / 1e9
    call.maxrss_kb = int(report[1])
    call.status = int(report[2])
    call.cpu_seconds = int(report[3]) / 1e6
    call.stdout, call.stderr = stdout, stderr
    if call.status != 0:
        raise RuntimeError("%s %s %s exited %d: %s %s" % (tool.name, command, container, call.status,
                                                         stdout.decode(errors="replace"),
                                                         stderr.decode(errors="replace")[-2000:]))
    return call


def run_batch(spawner, tool, command, containers, stdin, workers):
    """Runs the command for every container with `workers` threads in the tool's host namespace."""
    def init():
        enter_netns(tool.host)

    with ThreadPoolExecutor(max_workers=workers, initializer=init) as pool:
        return list(pool.map(lambda c: exec_plugin(spawner, tool, command, c, stdin), containers))


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def wait_for_socket(path, process, deadline_s=60):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError("the tether daemon exited with %d" % process.returncode)
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.connect(path)
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the tether daemon did not answer on " + path)


def strict_archive_option(tree):
    return "-XX:AOTMode=on" if "archive=aot" in open(os.path.join(tree, "BUILD-INFO")).read() else "-Xshare:on"


def java_forwarder(tree, work, here):
    """Compiles JavaForwarder.java against the tree's jar; returns its command line (the tree's
    runtime with the launcher's start-up flags and, for a JDK 24+ runtime, an AOT cache)."""
    jdk = os.environ.get("JAVA_HOME") or os.path.dirname(os.path.dirname(os.path.realpath(shutil.which("javac"))))
    classes = os.path.join(work, "jfwd")
    subprocess.run([os.path.join(jdk, "bin", "javac"), "--release", "17", "-cp", os.path.join(tree, "lib", "tether.jar"),
                    "-d", classes, os.path.join(here, "JavaForwarder.java")], check=True)
    jar = os.path.join(work, "jfwd.jar")
    subprocess.run([os.path.join(jdk, "bin", "jar"), "cf", jar, "-C", classes, "."], check=True)
    aot = "archive=aot" in open(os.path.join(tree, "BUILD-INFO")).read()
    flags = ["-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr"]
    if aot:
        flags += ["-XX:+UseSerialGC", "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0",
                  "-XX:AOTCache=" + os.path.join(work, "jfwd.aot")]
    return [os.path.join(tree, "runtime", "bin", "java")] + flags + [
        "-cp", jar + ":" + os.path.join(tree, "lib", "tether.jar"), "JavaForwarder", "tether-bridge"]


def train_java_forwarder(tool, sock):
    """Trains the Java forwarder's AOT cache on a VERSION call through the daemon."""
    cache = [a for a in tool.argv if a.startswith("-XX:AOTCache=")]
    if not cache:
        return
    argv = [a.replace("-XX:AOTCache=", "-XX:AOTCacheOutput=") for a in tool.argv]
    subprocess.run(argv, input=b'{"cniVersion":"1.0.0"}', env={"CNI_COMMAND": "VERSION", "TETHER_SOCKET": sock},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=50, help="containers per batch (default 50)")
    parser.add_argument("--parallel", type=int, default=8, help="workers of the parallel batches (default 8)")
    parser.add_argument("--tree", default=os.path.join(here, "..", "target", "tether"), help="the install tree")
    parser.add_argument("--reference", default="/usr/lib/cni", help="the reference plugins' directory")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("cni-bench: run me as root (it makes network namespaces)")
    tree = os.path.realpath(args.tree)
    for needed in (os.path.join(tree, "cni", "tether-bridge"), os.path.join(args.reference, "bridge")):
        if not os.access(needed, os.X_OK):
            sys.exit("cni-bench: %s is missing (mvn package; apt-get install containernetworking-plugins)" % needed)

    tag = secrets.token_hex(3)
    work = tempfile.mkdtemp(prefix="tt-bench-")
    namespaces = []
    daemon = None
    try:
        spawner = os.path.join(work, "spawn-rss")
        subprocess.run(["gcc", "-O2", "-o", spawner, os.path.join(here, "spawn-rss.c")], check=True)
        sock = os.path.join(work, "tether.sock")
        nowhere = os.path.join(work, "no-daemon.sock")
        tools = [
            # TETHER_PLUGIN_LAUNCHER=/bin/false: a call the daemon did not answer fails the run.
            Tool("tether + daemon", [os.path.join(tree, "cni", "tether-bridge")], "tether-ipam", "tether-bridge",
                 {"CNI_PATH": os.path.join(tree, "cni"), "TETHER_SOCKET": sock, "TETHER_PLUGIN_LAUNCHER": "/bin/false"}),
            # The strict option: a JVM that could not map the tree's class-data archive fails the run.
            Tool("tether, no daemon", [os.path.join(tree, "cni", "tether-bridge")], "tether-ipam", "tether-bridge",
                 {"CNI_PATH": os.path.join(tree, "cni"), "TETHER_SOCKET": nowhere,
                  "TETHER_DATA_DIR": os.path.join(work, "embedded-data"), "JDK_JAVA_OPTIONS": strict_archive_option(tree)}),
            Tool("java fwd + daemon", java_forwarder(tree, work, here), "tether-ipam", "tether-bridge",
                 {"CNI_PATH": os.path.join(tree, "cni"), "TETHER_SOCKET": sock}, serial_only=True),
            Tool("reference", [os.path.join(args.reference, "bridge")], "host-local", "bridge",
                 {"CNI_PATH": args.reference}),
        ]
        # The two daemon-backed tools share one host namespace and the daemon in it.
        hosts = {}
        for tool in tools:
            key = "daemon" if "daemon" in tool.name and "no daemon" not in tool.name else tool.name
            if key not in hosts:
                name = "tt-bench-h%d-%s" % (len(hosts), tag)
                ip("netns", "add", name)
                namespaces.append(name)
                hosts[key] = "/run/netns/" + name
            tool.host = hosts[key]
        containers = []
        for i in range(args.n + WARMUP):
            name = "tt-bench-c%d-%s" % (i, tag)
            ip("netns", "add", name)
            namespaces.append(name)
            containers.append(name)
        daemon_ns = hosts["daemon"].rsplit("/", 1)[1]
        daemon = subprocess.Popen(["ip", "netns", "exec", daemon_ns, os.path.join(tree, "bin", "tether"), "daemon",
                                   "--socket", sock, "--data-dir", os.path.join(work, "daemon-data")],
                                  stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "daemon.log"), "wb"))
        wait_for_socket(sock, daemon)
        train_java_forwarder(tools[2], sock)
        warm = tools[0].config(True, "")
        for _ in range(DAEMON_WARMUP // len(containers) + 1):
            run_batch(spawner, tools[0], "ADD", containers, warm, 1)
            run_batch(spawner, tools[0], "DEL", containers, warm, 1)

        build = open(os.path.join(tree, "BUILD-INFO")).read().split()
        print("cni-bench: %d containers per batch, %d parallel workers, %d-core machine, load %s; tree: %s"
              % (args.n, args.parallel, os.cpu_count(), " ".join("%.2f" % x for x in os.getloadavg()), ", ".join(build)))
        rows = []
        for ipmasq in (False, True):
            for workers in (1, args.parallel):
                for tool in tools:
                    if tool.serial_only and workers > 1:
                        continue
                    stdin = tool.config(ipmasq, os.path.join(work, "host-local"))
                    warm, measured = containers[:WARMUP], containers[WARMUP:]
                    run_batch(spawner, tool, "ADD", warm, stdin, 1)
                    run_batch(spawner, tool, "DEL", warm, stdin, 1)
                    adds = run_batch(spawner, tool, "ADD", measured, stdin, workers)
                    dels = run_batch(spawner, tool, "DEL", measured, stdin, workers)
                    rows.append((ipmasq, workers, tool.name, adds, dels))
                    print("  measured %-18s ipMasq=%-5s workers=%d" % (tool.name, ipmasq, workers), file=sys.stderr)
        print("load average at the end: %s" % " ".join("%.2f" % x for x in os.getloadavg()))
        report(rows, args)
    finally:
        if daemon is not None:
            daemon.terminate()
            try:
                daemon.wait(30)
            except subprocess.TimeoutExpired:
                daemon.kill()
        for name in namespaces:
            subprocess.run(["ip", "netns", "delete", name], stderr=subprocess.DEVNULL)
        subprocess.run(["rm", "-rf", work])


def report(rows, args):
    ms = lambda s: s * 1000.0
    print()
    print("| ipMasq | mode | plugin | ADD median | ADD p95 | DEL median | DEL p95 | ADD vs ref | DEL vs ref | CPU per ADD | peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    reference = {(m, w): (statistics.median(c.seconds for c in a), statistics.median(c.seconds for c in d))
                 for m, w, name, a, d in rows if name == "reference"}
    for ipmasq, workers, name, adds, dels in rows:
        add_med = statistics.median(c.seconds for c in adds)
        del_med = statistics.median(c.seconds for c in dels)
        ref_add, ref_del = reference[(ipmasq, workers)]
        rss = max(c.maxrss_kb for c in adds + dels) / 1024.0
        cpu = statistics.median(c.cpu_seconds for c in adds)
        print("| %s | %s | %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.2fx | %.2fx | %.0f ms | %.1f MB |" % (
            "on" if ipmasq else "off", "serial" if workers == 1 else "%d parallel" % workers, name,
            ms(add_med), ms(pct([c.seconds for c in adds], 95)), ms(del_med), ms(pct([c.seconds for c in dels], 95)),
            add_med / ref_add, del_med / ref_del, ms(cpu), rss))
    print()
    print("Targets (medians vs the reference in the same run):")
    for ipmasq, workers, name, adds, dels in rows:
        ref_add, ref_del = reference[(ipmasq, workers)]
        add = statistics.median(c.seconds for c in adds) / ref_add
        dele = statistics.median(c.seconds for c in dels) / ref_del
        mode = "serial" if workers == 1 else "%d parallel" % workers
        if name == "tether + daemon" and ipmasq:
            print("  with the daemon, ipMasq on, %-11s: ADD %.2fx (target <= 1.0x) %s, DEL %.2fx (target <= 0.5x) %s"
                  % (mode, add, verdict(add <= 1.0), dele, verdict(dele <= 0.5)))
        if name == "tether, no daemon":
            print("  without it, ipMasq %-3s, %-11s: ADD %.2fx (target <= 10x) %s"
                  % ("on" if ipmasq else "off", mode, add, verdict(add <= 10)))


def verdict(ok):
    return "met" if ok else "MISSED"


if __name__ == "__main__":
    main()
