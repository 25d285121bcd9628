package dev.tether.packaging.logfinder;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * Where the JDK's own System.Logger messages go in the install tree's runtime: warnings and
 * errors, one line each, to stderr (stdout carries a plugin's CNI result), as slf4j-simple
 * prints Tether's.
 *
 * <p>Why a module of the runtime: the first use of java.util.logging in a JVM (jffi's loader
 * makes one in every plugin) asks whether any System.LoggerFinder service is installed. Found in
 * a module of the runtime, the answer comes before the class path is searched; otherwise the JVM
 * reads the index of every class-path jar to look, ~15 ms of CPU in each exec'd plugin.
 */
public final class StderrLoggerFinder extends System.LoggerFinder {
    @Override
    public System.Logger getLogger(String name, Module module) {
        return new StderrLogger(name);
    }

    private record StderrLogger(String name) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && level.getSeverity() >= Level.WARNING.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            if (isLoggable(level)) {
                print(level, localized(bundle, message) + (thrown == null ? "" : ": " + thrown));
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                String text = localized(bundle, format);
                print(level, params == null || params.length == 0 ? text : MessageFormat.format(text, params));
            }
        }

        private void print(Level level, String text) {
            System.err.println("[" + Thread.currentThread().getName() + "] " + level + " " + name + " - " + text);
        }

        private static String localized(ResourceBundle bundle, String key) {
            return bundle != null && key != null && bundle.containsKey(key) ? bundle.getString(key) : String.valueOf(key);
        }
    }
}
