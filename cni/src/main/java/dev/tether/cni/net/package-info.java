/**
 * Shared helpers of the plugins that build container networking, like the reference's pkg/ip and
 * pkg/ipam: every helper acts through an explicit {@link dev.tether.cni.net.Namespace} (host or
 * container), never on "the current namespace".
 *
 * <ul>
 *   <li>{@link dev.tether.cni.net.Bridges#ensure} — the bridge, created on first use, up, MAC pinned;</li>
 *   <li>{@link dev.tether.cni.net.Veths#create} — a veth pair, its container end created directly in
 *       the container namespace, its host end (random {@code veth...} name) on the bridge;</li>
 *   <li>{@link dev.tether.cni.net.InterfaceSetup#apply} — an IPAM result on an interface (addresses,
 *       up, IPv6 DAD settled, routes);</li>
 *   <li>{@link dev.tether.cni.net.GatewayAddresses#ensure} and {@link dev.tether.cni.net.Forwarding#enable}
 *       — the bridge as the network's gateway;</li>
 *   <li>{@link dev.tether.cni.net.LinkStates#awaitUp}, {@link dev.tether.cni.net.Deadline} — polls
 *       with deadlines instead of sleeps;</li>
 *   <li>{@link dev.tether.cni.net.Expectations} — CHECK's comparisons with a previous result;</li>
 *   <li>{@link dev.tether.cni.net.Routing} — the interface a namespace routes an address through,
 *       whether an address is local.</li>
 * </ul>
 */
package dev.tether.cni.net;
