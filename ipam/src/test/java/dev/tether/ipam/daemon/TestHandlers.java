package dev.tether.ipam.daemon;

import dev.tether.ipam.Ipam;
import dev.tether.ipam.IpamException;
import dev.tether.ipam.LeaseRequest;
import dev.tether.ipam.config.IpamConfig;
import dev.tether.ipam.config.IpamConfigParser;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.StoreLocation;
import java.util.stream.Collectors;

/**
 * A minimal IPAM handler for tests and the benchmark (the real tether-ipam plugin lives in cni/):
 * CNI_COMMAND ADD or DEL, CNI_CONTAINERID, CNI_IFNAME, network config on stdin; ADD prints the
 * addresses, one per line.
 */
public final class TestHandlers {
    public static final String ALLOC = "test-alloc";

    private TestHandlers() {
    }

    public static DaemonHandler alloc(Ipam ipam) {
        return (env, stdin) -> {
            try {
                IpamConfig config = IpamConfigParser.parseNetworkConfig(stdin);
                LeaseKey key = new LeaseKey(config.network(), env.get("CNI_CONTAINERID"), env.get("CNI_IFNAME"));
                var dataDir = StoreLocation.dataDir(config.dataDir(), env);
                if ("DEL".equals(env.get("CNI_COMMAND"))) {
                    ipam.del(dataDir, key);
                    return Reply.of(0, "", "");
                }
                Lease lease = ipam.add(dataDir, config.definition(), LeaseRequest.of(key));
                return Reply.of(0, lease.addresses().stream().map(a -> a.address().toString())
                        .collect(Collectors.joining("\n")), "");
            } catch (IpamException e) {
                return Reply.of(1, "{\"code\":" + e.cniCode() + "}", e.getMessage());
            }
        };
    }
}
