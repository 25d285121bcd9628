package dev.tether.cni.cli;

import dev.tether.cni.spec.CniVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The build's version (filtered into a resource at build time) and the CNI versions spoken. */
public final class TetherVersion implements CommandLine.IVersionProvider {
    private static final String RESOURCE = "tether-version.properties";

    /** The project version, e.g. "0.1.0". */
    public static String version() {
        try (InputStream in = TetherVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String[] lines() {
        return new String[] {
            "tether " + version(),
            "CNI spec " + CniVersion.CURRENT + " (supports " + String.join(", ", CniVersion.labels(CniVersion.ALL)) + ")"
        };
    }

    @Override
    public String[] getVersion() {
        return lines();
    }
}
