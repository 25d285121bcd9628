package dev.tether.cni.firewall;

/**
 * A published port as the firewall holds it: the forward and the comment of its map element,
 * which names the attachment that owns it.
 */
public record MappedPort(PortForward forward, String comment) {

    public boolean ownedBy(AttachmentKey attachment) {
        return attachment.owns(comment);
    }

    /**
     * Who holds the port, for messages: "container ID (IFNAME on network NAME)" read from the
     * comment (cut where nft cut the comment), or the raw comment when it is not Tether's.
     */
    public String holder() {
        String[] words = comment == null ? new String[0] : comment.split(" ");
        if (words.length < 4 || !words[0].startsWith(AttachmentKey.TAG_PREFIX)) {
            return "an element commented \"" + comment + "\"";
        }
        return "container " + words[3] + " (" + words[2] + " on network " + words[1] + ")";
    }
}
