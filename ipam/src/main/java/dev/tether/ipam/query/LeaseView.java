package dev.tether.ipam.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeasedAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A lease as queries show it.
 *
 * @param addresses  addresses with prefix length (e.g. 10.88.0.2/16)
 * @param created    ISO-8601 creation time
 * @param ageSeconds seconds since creation when the query ran
 * @param reserved   a manual reservation (kept across reboots and GC)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeaseView(String network, String container, String ifname, List<String> addresses,
                        List<String> gateways, String created, long ageSeconds, String name,
                        List<String> aliases, boolean reserved) {

    static LeaseView of(Lease lease, Instant now) {
        return new LeaseView(lease.key().network(), lease.key().containerId(), lease.key().ifname(),
                lease.addresses().stream().map(a -> a.address().toString()).toList(),
                lease.addresses().stream().map(LeasedAddress::gateway).filter(g -> g != null).map(Object::toString).toList(),
                lease.created().toString(), Math.max(0, Duration.between(lease.created(), now).toSeconds()),
                lease.name(), lease.aliases(), lease.key().isReservation());
    }
}
