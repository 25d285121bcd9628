package dev.tether.ipam.store;

import dev.tether.natives.ip.IpAddress;
import dev.tether.natives.ip.IpPrefix;

/**
 * One address of a lease, as the result shows it.
 *
 * @param address the address with its subnet's prefix length, e.g. 10.0.0.5/24
 * @param gateway the subnet's gateway, or null
 */
public record LeasedAddress(IpPrefix address, IpAddress gateway) {

    public IpAddress ip() {
        return address.ip();
    }
}
