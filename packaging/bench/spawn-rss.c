/*
 * spawn-rss ARGV...: runs ARGV as a child and writes "<nanoseconds> <peak RSS in KiB> <exit code>
 * <CPU microseconds, user + system>" to fd 3. A helper of cni-bench.py: wait4's peak RSS of a process spawned straight from Python
 * would include Python's own (the child's memory before exec counts), this small program's adds
 * about 1 MiB at most.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: spawn-rss ARGV...\n");
        return 2;
    }
    FILE *report = fdopen(3, "w");
    if (!report) {
        perror("spawn-rss: fd 3");
        return 2;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        perror("spawn-rss: fork");
        return 2;
    }
    if (pid == 0) {
        close(3);
        execv(argv[1], argv + 1);
        perror("spawn-rss: exec");
        _exit(127);
    }
    int status;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) < 0) {
        perror("spawn-rss: wait4");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    long long ns = (end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    long long cpu_us = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000LL + usage.ru_utime.tv_usec +
                       usage.ru_stime.tv_usec;
    fprintf(report, "%lld %ld %d %lld\n", ns, usage.ru_maxrss, code, cpu_us);
    fclose(report);
    return 0;
}
