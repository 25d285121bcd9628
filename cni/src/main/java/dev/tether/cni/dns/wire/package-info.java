/**
 * A small, strict DNS message codec (RFC 1035, 3596, 6891): header, questions, resource records
 * with raw rdata (names in PTR/CNAME/NS rdata decompressed), name compression on output, EDNS
 * OPT records kept as they are, and the helpers a forwarder needs (ID rewrite, truncation, does
 * this reply answer that query). Every malformed input is a
 * {@link dev.tether.cni.dns.wire.MalformedMessageException}; compression loops end in an error.
 */
package dev.tether.cni.dns.wire;
