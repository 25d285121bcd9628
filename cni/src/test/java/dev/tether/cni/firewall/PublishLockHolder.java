package dev.tether.cni.firewall;

import java.io.IOException;

/** Another process for {@link PublishLockTest}: holds the publish lock until its stdin closes. */
public final class PublishLockHolder {
    private PublishLockHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (PublishLock held = PublishLock.acquire(PublishLock.DEFAULT)) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our stdin
            }
        }
    }
}
