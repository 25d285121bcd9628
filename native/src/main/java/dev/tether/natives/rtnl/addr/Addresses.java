package dev.tether.natives.rtnl.addr;

import java.util.List;

import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.netlink.NetlinkChannel;
import dev.tether.natives.netlink.NetlinkMessage;
import dev.tether.natives.rtnl.Family;

/** IPv4/IPv6 address operations in the namespace of one netlink channel. Thread-safe. */
public final class Addresses {
    private final NetlinkChannel channel;

    public Addresses(NetlinkChannel channel) {
        this.channel = channel;
    }

    /** @throws dev.tether.natives.libc.AlreadyExistsException if the link already has the address */
    public void add(Addr addr) {
        channel.request(AddrCodec.add(addr, NetlinkMessage.NLM_F_EXCL), "RTM_NEWADDR " + addr);
    }

    /** Adds the address or updates it (flags, broadcast, ...) if the link has it already. */
    public void replace(Addr addr) {
        channel.request(AddrCodec.add(addr, NetlinkMessage.NLM_F_REPLACE), "RTM_NEWADDR replace " + addr);
    }

    /** @throws NotFoundException if the link does not have the address (or does not exist) */
    public void delete(Addr addr) {
        String operation = "RTM_DELADDR " + addr;
        try {
            channel.request(AddrCodec.delete(addr), operation);
        } catch (NativeException e) {
            if (e.errno() == Errno.EADDRNOTAVAIL) { // the kernel's "no such address"
                throw new NotFoundException(e.errno(), operation, e.detail().orElse(null));
            }
            throw e;
        }
    }

    /** The addresses of every link, of one family or of all. */
    public List<Addr> list(Family family) {
        List<Addr> all = AddrCodec.parseAll(channel.dump(AddrCodec.dump(family), "RTM_GETADDR dump"));
        all.removeIf(a -> !family.includes(a.family()));
        return all;
    }

    /** The addresses of one link, of one family or of all. */
    public List<Addr> list(int linkIndex, Family family) {
        List<Addr> all = list(family);
        all.removeIf(a -> a.linkIndex() != linkIndex);
        return all;
    }
}
