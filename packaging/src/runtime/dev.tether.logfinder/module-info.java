/**
 * The install tree's System.LoggerFinder, a module of its Java runtime (see
 * {@link dev.tether.packaging.logfinder.StderrLoggerFinder}).
 */
module dev.tether.logfinder {
    provides java.lang.System.LoggerFinder with dev.tether.packaging.logfinder.StderrLoggerFinder;
}
