package dev.tether.natives.rtnl;

/** Address and route scopes (RT_SCOPE_*). */
public enum Scope {
    UNIVERSE(0),
    SITE(200),
    LINK(253),
    HOST(254),
    NOWHERE(255);

    private final int value;

    Scope(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The scope of an RT_SCOPE_* number; user-defined scopes (1-199) count as UNIVERSE. */
    public static Scope of(int value) {
        for (Scope scope : values()) {
            if (scope.value == value) {
                return scope;
            }
        }
        return value < SITE.value ? UNIVERSE : NOWHERE;
    }
}
