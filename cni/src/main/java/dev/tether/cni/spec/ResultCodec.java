package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads and writes {@link Result}s in the wire layout of one group of spec versions. */
sealed interface ResultCodec permits IpsResultCodec, Ip4Ip6ResultCodec {

    Result read(JsonFields json);

    ObjectNode write(Result result, CniVersion version);

    static ResultCodec of(CniVersion version) {
        return switch (version.resultFormat()) {
            case IP4_IP6 -> Ip4Ip6ResultCodec.INSTANCE;
            case IPS_WITH_VERSION -> IpsResultCodec.V0_3_TO_0_4;
            case CURRENT -> IpsResultCodec.V1;
        };
    }
}
