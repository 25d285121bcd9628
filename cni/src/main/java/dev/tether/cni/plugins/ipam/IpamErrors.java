package dev.tether.cni.plugins.ipam;

import dev.tether.cni.spec.CniException;
import dev.tether.ipam.IpamException;

/** Calls into the IPAM API with its failures turned into CNI errors carrying their own codes. */
final class IpamErrors {
    private IpamErrors() {}

    /** An IPAM operation that may fail with an {@link IpamException}. */
    @FunctionalInterface
    interface IpamCall<T> {
        T run() throws IpamException;
    }

    static <T> T call(IpamCall<T> call) {
        try {
            return call.run();
        } catch (IpamException e) {
            throw toCni(e);
        }
    }

    static CniException toCni(IpamException e) {
        return new CniException(e.cniCode(), e.getMessage(), "", e);
    }
}
