/*
 * tether-fwd: the exec'd face of every Tether CNI plugin.
 *
 * A runtime execs one process per CNI operation, so that process's start-up is the operation's
 * latency. This program is installed under each plugin's name (tether-bridge, tether-ipam, ...).
 * It parses nothing: it sends its name, the CNI_* and TETHER_* environment and stdin to the warm
 * `tether daemon` over a unix socket, then relays the reply's stdout, stderr and exit code.
 * When no daemon answers, it execs the Java plugin, which does the same work in its own JVM.
 *
 * The socket is the config's "daemonSocket" (found by a literal scan of stdin, see
 * configured_socket), else $TETHER_SOCKET, else /run/tether/tether.sock: the Java plugin's order.
 *
 * Wire format (all integers u32 big-endian), one request per connection:
 *   request  = "TTH1" name env-count (len "KEY=VALUE")* stdin-len stdin
 *   response = "TTH1" exit-code stdout-len stdout stderr-len stderr
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define DEFAULT_SOCKET "/run/tether/tether.sock"
#define JAVA_LAUNCHER "libexec/tether-plugin" /* relative to the install tree's root */
#define MAGIC "TTH1"

extern char **environ;

struct buf {
    char *data;
    size_t len, cap;
};

static void die(const char *what) {
    /* stdout belongs to the CNI result; a failure here is reported the way the spec asks. */
    printf("{\"cniVersion\":\"1.1.0\",\"code\":11,\"msg\":\"tether-fwd: %s\",\"details\":\"%s\"}\n",
           what, strerror(errno));
    exit(1);
}

static void reserve(struct buf *b, size_t more) {
    if (b->len + more <= b->cap) return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more) cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data) die("out of memory");
    b->data = data;
    b->cap = cap;
}

static void put_bytes(struct buf *b, const void *p, size_t n) {
    reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put_u32(struct buf *b, uint32_t v) {
    unsigned char be[4] = {v >> 24, v >> 16, v >> 8, v};
    put_bytes(b, be, 4);
}

static void put_field(struct buf *b, const void *p, size_t n) {
    put_u32(b, (uint32_t)n);
    put_bytes(b, p, n);
}

static void read_all(int fd, struct buf *b) {
    for (;;) {
        reserve(b, 65536);
        ssize_t n = read(fd, b->data + b->len, b->cap - b->len);
        if (n == 0) return;
        if (n < 0) {
            if (errno == EINTR) continue;
            die("cannot read stdin");
        }
        b->len += (size_t)n;
    }
}

/* Writes all n bytes; to a socket without SIGPIPE, so a vanished daemon is an error, not death. */
static int write_all(int fd, const char *p, size_t n, int is_socket) {
    while (n > 0) {
        ssize_t w = is_socket ? send(fd, p, n, MSG_NOSIGNAL) : write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads exactly n bytes; 0 on success, -1 on error or early end of stream. */
static int read_exact(int fd, void *p, size_t n) {
    char *c = p;
    while (n > 0) {
        ssize_t r = read(fd, c, n);
        if (r == 0) return -1;
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        c += r;
        n -= (size_t)r;
    }
    return 0;
}

static int read_u32(int fd, uint32_t *v) {
    unsigned char be[4];
    if (read_exact(fd, be, 4) < 0) return -1;
    *v = (uint32_t)be[0] << 24 | (uint32_t)be[1] << 16 | (uint32_t)be[2] << 8 | be[3];
    return 0;
}

/* Copies a length-prefixed payload from the daemon to one of our descriptors. */
static int relay_field(int from, int to) {
    uint32_t n;
    if (read_u32(from, &n) < 0) return -1;
    char chunk[65536];
    while (n > 0) {
        size_t want = n < sizeof chunk ? n : sizeof chunk;
        if (read_exact(from, chunk, want) < 0) return -1;
        if (write_all(to, chunk, want, 0) < 0) return -1;
        n -= (uint32_t)want;
    }
    return 0;
}

static const char *plugin_name(const char *argv0) {
    const char *slash = strrchr(argv0, '/');
    return slash ? slash + 1 : argv0;
}

/*
 * The config's "daemonSocket" value, by a literal scan rather than a JSON parse: each occurrence
 * of the key followed by ':' and a string counts, wherever it is. Returns 1 with the value in out
 * (empty when the key is absent) when every occurrence names the same plain path; returns 0 when
 * they differ or use escapes, so that the Java plugin, which parses the config and knows that the
 * ipam section's key wins over the top level's, decides.
 */
static int configured_socket(const struct buf *in, char *out, size_t size) {
    static const char key[] = "\"daemonSocket\"";
    out[0] = '\0';
    const char *end = in->data + in->len;
    for (const char *at = in->data; at && at < end;) {
        const char *hit = memmem(at, (size_t)(end - at), key, sizeof key - 1);
        if (!hit) break;
        const char *p = hit + sizeof key - 1;
        at = p;
        while (p < end && strchr(" \t\r\n", *p)) p++;
        if (p == end || *p != ':') continue; /* a value "daemonSocket", not the key */
        p++;
        while (p < end && strchr(" \t\r\n", *p)) p++;
        if (p == end || *p != '"') return 0;
        const char *value = ++p;
        while (p < end && *p != '"' && *p != '\\') p++;
        if (p == end || *p == '\\' || (size_t)(p - value) >= size) return 0;
        if (out[0] && (strlen(out) != (size_t)(p - value) || memcmp(out, value, (size_t)(p - value)))) return 0;
        memcpy(out, value, (size_t)(p - value));
        out[p - value] = '\0';
        at = p;
    }
    return 1;
}

static int connect_daemon(const char *path) {
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof addr.sun_path) return -1;
    strcpy(addr.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* A person at a terminal asking what this is: as the Java plugin does, stdin is then not read. */
static int about_at_terminal(void) {
    const char *command = getenv("CNI_COMMAND");
    return isatty(STDIN_FILENO) && (!command || !*command || !strcmp(command, "VERSION"));
}

/*
 * The install tree's root: this program is <root>/libexec/tether-fwd (the plugins in <root>/cni
 * and in CNI bin directories are symlinks to it, which /proc/self/exe resolves).
 */
static void tree_root(char *root, size_t size) {
    ssize_t n = readlink("/proc/self/exe", root, size - 1);
    if (n < 0) die("cannot resolve /proc/self/exe");
    root[n] = '\0';
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(root, '/');
        if (!slash) die("unexpected install layout");
        *slash = '\0';
    }
}

/*
 * Whether <root>/lib/plugin.args is this tree's: `tether-java relocate` writes the Java plugin's
 * JVM arguments there, under a first line "# tether-root <root>" naming the place they were
 * written for. A tree copied elsewhere keeps a file that names its old place: not ours to use.
 */
static int plugin_args_fit(const char *root, const char *args) {
    static const char head[] = "# tether-root ";
    size_t want = sizeof head - 1 + strlen(root) + 1; /* the first line and its newline */
    char line[PATH_MAX + sizeof head + 1];
    if (want > sizeof line) return 0;
    int fd = open(args, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    int fits = read_exact(fd, line, want) == 0 && !memcmp(line, head, sizeof head - 1) &&
               !memcmp(line + sizeof head - 1, root, strlen(root)) && line[want - 1] == '\n';
    close(fd);
    return fits;
}

/* Execs program with its arguments, the NULL ones left out; returns only when exec fails. */
static void exec_plugin(const char *program, const char *first, const char *option, const char *name) {
    const char *argv[5];
    int n = 0;
    argv[n++] = program;
    if (first) argv[n++] = first;
    if (option) argv[n++] = option;
    argv[n++] = name;
    argv[n] = NULL;
    execv(program, (char *const *)argv);
}

/*
 * No daemon: run the Java plugin in place of this process, with stdin as it was given to us.
 * tried: the socket on which no daemon answered, passed on as --no-daemon=PATH (the Java plugin
 * then does not ask again when it picks the same socket: a second attempt from a JVM costs it
 * ~20 ms of start-up); NULL when this program could not tell the socket (keys that disagree, a
 * path too long for a socket address), which the Java plugin then decides and tries itself.
 * The JVM is exec'd directly with the tree's lib/plugin.args when that file is this tree's;
 * otherwise through libexec/tether-plugin, the shell launcher that works from anywhere (two
 * shell execs more, ~10 ms). $TETHER_PLUGIN_LAUNCHER names another launcher (tests).
 */
static void exec_java(const char *name, const struct buf *consumed_stdin, const char *tried) {
    if (consumed_stdin) {
        /* stdin was already read for the daemon: hand the same bytes to Java through a memfd. */
        int mfd = memfd_create("tether-stdin", 0);
        if (mfd < 0 || write_all(mfd, consumed_stdin->data, consumed_stdin->len, 0) < 0 ||
            lseek(mfd, 0, SEEK_SET) < 0 || dup2(mfd, STDIN_FILENO) < 0)
            die("cannot replay stdin to the Java plugin");
        close(mfd);
    }
    static char option[sizeof "--no-daemon=" + sizeof ((struct sockaddr_un *)0)->sun_path];
    if (tried) snprintf(option, sizeof option, "--no-daemon=%s", tried);
    const char *launcher = getenv("TETHER_PLUGIN_LAUNCHER");
    static char root[PATH_MAX], java[PATH_MAX + 32], at_args[PATH_MAX + 32], shell_launcher[PATH_MAX + 32];
    if (!launcher || !*launcher) {
        tree_root(root, sizeof root);
        snprintf(at_args, sizeof at_args, "@%s/lib/plugin.args", root); /* java's @-file syntax */
        if (plugin_args_fit(root, at_args + 1)) {
            snprintf(java, sizeof java, "%s/runtime/bin/java", root);
            exec_plugin(java, at_args, tried ? option : NULL, name);
            /* A JVM that cannot be exec'd: the shell launcher says why as well as we could. */
        }
        snprintf(shell_launcher, sizeof shell_launcher, "%s/" JAVA_LAUNCHER, root);
        launcher = shell_launcher;
    }
    exec_plugin(launcher, NULL, tried ? option : NULL, name);
    die("cannot exec the Java plugin launcher");
}

int main(int argc, char **argv) {
    (void)argc;
    const char *name = plugin_name(argv[0]);

    struct buf in = {0};
    const struct buf *consumed = NULL; /* what exec_java must replay */
    if (!about_at_terminal()) {
        read_all(STDIN_FILENO, &in);
        consumed = &in;
    }

    char path[sizeof ((struct sockaddr_un *)0)->sun_path];
    if (!configured_socket(&in, path, sizeof path)) exec_java(name, consumed, NULL);
    if (!path[0]) {
        const char *env = getenv("TETHER_SOCKET");
        if ((size_t)snprintf(path, sizeof path, "%s", env && *env ? env : DEFAULT_SOCKET) >= sizeof path)
            exec_java(name, consumed, NULL); /* no socket address holds it: let Java say so */
    }
    int fd = connect_daemon(path);
    if (fd < 0) exec_java(name, consumed, path);

    struct buf req = {0};
    put_bytes(&req, MAGIC, 4);
    put_field(&req, name, strlen(name));
    uint32_t count = 0;
    for (char **e = environ; *e; e++)
        if (!strncmp(*e, "CNI_", 4) || !strncmp(*e, "TETHER_", 7)) count++;
    put_u32(&req, count);
    for (char **e = environ; *e; e++)
        if (!strncmp(*e, "CNI_", 4) || !strncmp(*e, "TETHER_", 7)) put_field(&req, *e, strlen(*e));
    put_field(&req, in.data ? in.data : "", in.len);

    char magic[4];
    uint32_t code;
    if (write_all(fd, req.data, req.len, 1) < 0 || read_exact(fd, magic, 4) < 0) {
        /* The daemon went away before answering (refused us, or stopped): do the work ourselves.
         * Should it have died mid-ADD, the plugin's own idempotence and the runtime's DEL cope. */
        close(fd);
        exec_java(name, consumed, path);
    }
    if (memcmp(magic, MAGIC, 4) != 0 || read_u32(fd, &code) < 0) {
        errno = EPROTO;
        die("bad reply from the tether daemon");
    }
    if (relay_field(fd, STDOUT_FILENO) < 0 || relay_field(fd, STDERR_FILENO) < 0) {
        errno = EPIPE;
        die("the tether daemon closed the connection mid-reply");
    }
    return (int)code;
}
