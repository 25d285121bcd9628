package dev.tether.cni.plugins.ipam;

import dev.tether.cni.skel.CniPlugin;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.Dns;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.GcAttachment;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.Result;
import dev.tether.ipam.GcReport;
import dev.tether.ipam.Ipam;
import dev.tether.ipam.IpamException;
import dev.tether.ipam.IpamStatus;
import dev.tether.ipam.LeaseRequest;
import dev.tether.ipam.ValidAttachments;
import dev.tether.ipam.config.RangeSet;
import dev.tether.ipam.config.ResolvConf;
import dev.tether.natives.ip.IpAddress;
import dev.tether.ipam.store.Lease;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code tether-ipam}: host-local compatible address management (same config keys, same
 * addresses in the same order) on Tether's transactional store. The same code serves an
 * exec'd process (an {@link Ipam} opening the store per call under its file lock) and the
 * daemon (an {@link Ipam} on the daemon's shared store): see {@code PluginContext#stores()}.
 *
 * <p>ADD validates everything (config, requested addresses, names, resolvConf) before it
 * allocates, and nothing can fail after the allocation, so a failed ADD never leaves a lease.
 */
public final class IpamPlugin implements CniPlugin {
    public static final String TYPE = "tether-ipam";

    private final Ipam ipam;

    public IpamPlugin(Ipam ipam) {
        this.ipam = ipam;
    }

    @Override
    public String about() {
        return "tether-ipam: host-local compatible IP address management on Tether's store";
    }

    @Override
    public Result add(CniRequest request) {
        IpamRequest call = IpamRequest.of(request);
        List<IpAddress> wanted = RequestedAddresses.of(request);
        AttachmentNames names = AttachmentNames.of(request, call.network());
        requireExpressible(request.cniVersion(), call.definition().rangeSets());
        Dns dns = call.config().resolvConf() == null ? Dns.EMPTY
                : IpamResults.dns(IpamErrors.call(() -> ResolvConf.read(Path.of(call.config().resolvConf()))));
        LeaseRequest lease = LeaseRequest.of(call.key()).withRequested(wanted).withNames(names.name(), names.aliases());
        Lease granted = IpamErrors.call(() -> ipam.add(call.dataDir(), call.definition(), lease));
        return IpamResults.of(granted, request.config().requireIpam().routes(), dns);
    }

    @Override
    public void del(CniRequest request) {
        IpamRequest call = IpamRequest.of(request);
        IpamErrors.call(() -> ipam.del(call.dataDir(), call.key()));
    }

    /** The lease must exist and hold what prevResult lists (when it lists addresses). */
    @Override
    public void check(CniRequest request) {
        IpamRequest call = IpamRequest.of(request);
        Lease lease = IpamErrors.call(() -> ipam.check(call.dataDir(), call.key()));
        Result previous = request.prevResult();
        if (previous == null || previous.ips().isEmpty()) {
            return;
        }
        List<Cidr> listed = previous.ips().stream().map(Result.IpConfig::address).toList();
        for (var held : lease.addresses()) {
            if (!listed.contains(IpamResults.cidr(held))) {
                throw new CniException(IpamException.CODE_LEASE_NOT_FOUND, "the lease of "
                        + call.key().describe() + " in network " + call.network() + " holds " + held.address()
                        + ", which prevResult does not list",
                        "prevResult lists " + listed.stream().map(Cidr::toString).collect(Collectors.joining(", ")));
            }
        }
    }

    /** Code 50 when some range set has no free address left, or the store cannot be used. */
    @Override
    public void status(CniRequest request) {
        IpamRequest call = IpamRequest.of(request);
        IpamStatus status;
        try {
            status = ipam.status(call.dataDir(), call.definition());
        } catch (IpamException.StoreFailure e) {
            throw new CniException(ErrorCode.PLUGIN_NOT_AVAILABLE, e.getMessage(), "", e);
        } catch (IpamException e) {
            throw IpamErrors.toCni(e);
        }
        if (!status.ready()) {
            throw new CniException(ErrorCode.PLUGIN_NOT_AVAILABLE, status.message());
        }
    }

    /**
     * Releases every lease of the network whose attachment is not in the valid list. A bad entry
     * is reported after the rest is done: one without ifname keeps its whole container, one
     * without containerID keeps nothing. A list that is not an array releases nothing.
     */
    @Override
    public void gc(CniRequest request) {
        IpamRequest call = IpamRequest.of(request);
        JsonNode list = GcAttachment.listNode(request.config().raw());
        if (list != null && !list.isArray()) {
            throw CniException.invalidConfig(GcAttachment.VALID_ATTACHMENTS,
                    "expected an array of attachments, got " + Json.kind(list) + "; nothing was released");
        }
        GcReport report = IpamErrors.call(() -> ipam.gc(call.dataDir(), call.network(), ValidAttachments.fromJson(list)));
        for (Lease released : report.released()) {
            request.stderr().println(TYPE + ": GC released " + released.addresses().stream()
                    .map(a -> a.address().toString()).collect(Collectors.joining(", "))
                    + " of " + released.key().describe() + " in network " + call.network());
        }
        if (!report.problems().isEmpty()) {
            throw new CniException(ErrorCode.INVALID_NETWORK_CONFIG, "GC of network " + call.network() + " released "
                    + report.released().size() + " lease(s) but met " + report.problems().size() + " bad attachment entr"
                    + (report.problems().size() == 1 ? "y" : "ies"), String.join("; ", report.problems()));
        }
    }

    @Override
    public boolean readsMalformedGcAttachments() {
        return true;
    }

    /** Results before 0.3.0 hold one address per family, as host-local also insists. */
    private static void requireExpressible(CniVersion version, List<RangeSet> sets) {
        if (version.resultFormat() != CniVersion.ResultFormat.IP4_IP6) {
            return;
        }
        long v6 = sets.stream().filter(RangeSet::isV6).count();
        if (v6 > 1 || sets.size() - v6 > 1) {
            throw CniException.invalidConfig("ipam", "CNI version " + version
                    + " results hold one address per family, but the config has " + sets.size() + " range sets"
                    + " (use cniVersion 0.3.0 or later)");
        }
    }
}
