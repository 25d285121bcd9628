package dev.tether.cni.plugins.ipam;

import dev.tether.cni.skel.CniRequest;
import dev.tether.ipam.config.IpamConfig;
import dev.tether.ipam.config.IpamConfigParser;
import dev.tether.ipam.config.NetworkDefinition;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.StoreLocation;
import java.nio.file.Path;

/**
 * A CNI call as the IPAM API sees it: the host-local style configuration (the {@code ipam}
 * section with runtimeConfig {@code ipRanges}) and the data directory of its store.
 *
 * @param dataDir the config's {@code ipam.dataDir}, else the call's TETHER_DATA_DIR, else the default
 */
record IpamRequest(CniRequest cni, IpamConfig config, Path dataDir) {

    /** @throws dev.tether.cni.spec.CniException code 7 naming the bad key */
    static IpamRequest of(CniRequest request) {
        IpamConfig config = IpamErrors.call(() -> IpamConfigParser.parseNetworkConfig(request.config().raw()));
        return new IpamRequest(request, config, StoreLocation.dataDir(config.dataDir(), request.env().raw()));
    }

    String network() {
        return config.network();
    }

    NetworkDefinition definition() {
        return config.definition();
    }

    /** The attachment's lease key; only for ADD, DEL and CHECK. */
    LeaseKey key() {
        return new LeaseKey(network(), cni.containerId(), cni.ifName());
    }
}
