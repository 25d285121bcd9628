package dev.tether.ipam.store;

import dev.tether.natives.ip.IpAddress;
import dev.tether.natives.ip.IpPrefix;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;
import org.mapdb.serializer.GroupSerializerObjectArray;

/**
 * Binary form of a {@link Lease} in the store. A leading format byte lets later versions add
 * fields; the record repeats its key so a lease can be read without the map key.
 */
final class LeaseSerializer extends GroupSerializerObjectArray<Lease> {
    static final LeaseSerializer INSTANCE = new LeaseSerializer();
    private static final int FORMAT = 1;

    private LeaseSerializer() {
    }

    @Override
    public void serialize(DataOutput2 out, Lease lease) throws IOException {
        out.writeByte(FORMAT);
        out.writeUTF(lease.key().network());
        out.writeUTF(lease.key().containerId());
        out.writeUTF(lease.key().ifname());
        out.packInt(lease.addresses().size());
        for (LeasedAddress a : lease.addresses()) {
            writeAddress(out, a.ip());
            out.writeByte(a.address().prefixLength());
            out.writeBoolean(a.gateway() != null);
            if (a.gateway() != null) {
                writeAddress(out, a.gateway());
            }
        }
        out.writeLong(lease.created().toEpochMilli());
        writeOptional(out, lease.bootId());
        writeOptional(out, lease.name());
        out.packInt(lease.aliases().size());
        for (String alias : lease.aliases()) {
            out.writeUTF(alias);
        }
    }

    @Override
    public Lease deserialize(DataInput2 in, int available) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("unknown lease record format " + format);
        }
        LeaseKey key = new LeaseKey(in.readUTF(), in.readUTF(), in.readUTF());
        int n = in.unpackInt();
        List<LeasedAddress> addresses = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            IpAddress ip = readAddress(in);
            int length = in.readUnsignedByte();
            IpAddress gateway = in.readBoolean() ? readAddress(in) : null;
            addresses.add(new LeasedAddress(IpPrefix.of(ip, length), gateway));
        }
        Instant created = Instant.ofEpochMilli(in.readLong());
        String bootId = readOptional(in);
        String name = readOptional(in);
        int aliasCount = in.unpackInt();
        List<String> aliases = new ArrayList<>(aliasCount);
        for (int i = 0; i < aliasCount; i++) {
            aliases.add(in.readUTF());
        }
        return new Lease(key, addresses, created, bootId, name, aliases);
    }

    private static void writeAddress(DataOutput2 out, IpAddress a) throws IOException {
        byte[] b = a.toBytes();
        out.writeByte(b.length);
        out.write(b);
    }

    private static IpAddress readAddress(DataInput2 in) throws IOException {
        int len = in.readUnsignedByte();
        if (len != 4 && len != 16) {
            throw new IOException("bad address length " + len + " in lease record");
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return IpAddress.ofBytes(b);
    }

    private static void writeOptional(DataOutput2 out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readOptional(DataInput2 in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
