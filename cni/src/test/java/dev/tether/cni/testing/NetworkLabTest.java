package dev.tether.cni.testing;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A root test with a fresh {@link NetworkLab} per test method, closed (namespaces deleted) even when the test fails. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
public abstract class NetworkLabTest {
    @TempDir
    protected Path dir;
    protected NetworkLab net;

    @BeforeEach
    void createLab() {
        net = new NetworkLab(dir);
    }

    @AfterEach
    void closeLab() {
        net.close();
    }
}
