package dev.tether.natives.rtnl.link;

/** How macvlan interfaces on one parent reach each other (MACVLAN_MODE_*). */
public enum MacvlanMode {
    PRIVATE(1), VEPA(2), BRIDGE(4), PASSTHRU(8), SOURCE(16);

    private final int value;

    MacvlanMode(int value) {
        this.value = value;
    }

    int value() {
        return value;
    }

    static MacvlanMode of(int value) {
        for (MacvlanMode mode : values()) {
            if (mode.value == value) {
                return mode;
            }
        }
        return null;
    }
}
