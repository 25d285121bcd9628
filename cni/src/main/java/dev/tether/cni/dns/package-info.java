/**
 * Name resolution for containers, served by {@code tether daemon} (like Docker's embedded DNS and
 * podman's aardvark-dns).
 *
 * <p>{@link dev.tether.cni.dns.DnsService} listens on UDP and TCP port 53 on the gateway
 * address(es) of every Tether network that has containers, in the daemon's host namespace. A
 * listener answers, for clients inside its network's subnets, A/AAAA of each container's name
 * (CNI_ARGS {@code K8S_POD_NAME}), each alias (podman's {@code aliases} capability), and both
 * qualified with the network ({@code web.mynet}), case-insensitively; PTR of their addresses
 * ({@code web.mynet.}); NXDOMAIN for names and addresses of other networks' containers (never
 * forwarded, so they do not leak); and forwards everything else to the host's resolvers (the
 * nameservers of resolv.conf, 2 s each, then the next; SERVFAIL when none answers), relaying
 * the answer's bytes with only the ID changed. Clients outside the network's subnets (another
 * network's container routed through the host, machines beyond it) get REFUSED: no names, and no
 * open resolver. An internal network's listener forwards nothing (REFUSED). UDP answers longer than the client accepts (512,
 * or its EDNS size) are cut to the question with TC set, and the client asks again over TCP.
 *
 * <p>The names live in the IPAM store's leases (tether-ipam writes them at ADD and drops them at
 * DEL), so they come and go with the containers and survive a daemon restart. The networks are
 * those of the CNI config dir whose first plugin is tether-bridge with tether-ipam, plus those of
 * the daemon's store. The index is updated per lease after every call through the daemon, and a
 * reconcile every 2 s catches what happened without it (see {@link dev.tether.cni.dns.DnsService}).
 *
 * <p>To point containers at it, a network's tether-bridge config sets {@code "tetherDns": true}
 * (with {@code isGateway} and tether-ipam): the ADD result's {@code dns} then lists the gateways
 * as nameservers and the network as search domain, and the runtime writes that into the
 * container's resolv.conf. The DNS codec is {@link dev.tether.cni.dns.wire}.
 */
package dev.tether.cni.dns;
