package dev.tether.ipam.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code ipam-query} handler's stdout. {@code ok} tells success; the other fields are
 * present when the operation produces them ({@code leases} for ls/show/reserve,
 * {@code usage}, {@code released} for release/gc, {@code problems} for gc/verify).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryReply(boolean ok, List<LeaseView> leases, List<NetworkUsage> usage, List<LeaseView> released,
                         List<String> problems, Error error) {

    /** A failed query: a CNI-style code (see {@code IpamException}) and one line of message. */
    public record Error(int code, String message) {
    }

    static QueryReply leases(List<LeaseView> leases) {
        return new QueryReply(true, leases, null, null, null, null);
    }

    static QueryReply usage(List<NetworkUsage> usage) {
        return new QueryReply(true, null, usage, null, null, null);
    }

    static QueryReply released(List<LeaseView> released, List<String> problems) {
        return new QueryReply(true, null, null, released, problems, null);
    }

    static QueryReply problems(List<String> problems) {
        return new QueryReply(true, null, null, null, problems, null);
    }

    public static QueryReply failure(int code, String message) {
        return new QueryReply(false, null, null, null, null, new Error(code, message));
    }
}
