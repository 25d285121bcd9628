package dev.tether.cni.testing;

import dev.tether.cni.plugins.PluginRegistry;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A root test with a fresh {@link BridgeLab} per test method, closed (namespaces deleted) even when the test fails. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class LabTest {
    @TempDir
    protected Path dir;
    protected BridgeLab lab;

    /** The plugins the lab's context serves in-process; the standard ones unless a test adds some. */
    protected PluginRegistry registry() {
        return PluginRegistry.standard();
    }

    @BeforeEach
    void createLab() {
        lab = new BridgeLab(dir, registry());
    }

    @AfterEach
    void closeLab() {
        lab.close();
    }
}
