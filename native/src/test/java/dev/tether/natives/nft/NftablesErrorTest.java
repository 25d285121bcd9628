package dev.tether.natives.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.tether.natives.libc.Errno;

class NftablesErrorTest {

    @Test
    void systemErrorsInLibnftablesTextKeepTheirErrno() {
        assertEquals(Errno.ENOENT, Nftables.errnoOf("""
                Error: Could not process rule: No such file or directory
                delete table inet nope
                                  ^^^^"""));
        assertEquals(Errno.EEXIST, Nftables.errnoOf("Error: Could not process rule: File exists\nadd table x"));
    }

    @Test
    void aMissingObjectInALookupIsNotFound() {
        assertEquals(Errno.ENOENT, Nftables.errnoOf("""
                Error: No such file or directory
                list chain inet tether postrouting
                                ^^^^^^"""));
    }

    @Test
    void otherErrorsAreInvalidArgument() {
        assertEquals(Errno.EINVAL, Nftables.errnoOf("Error: syntax error, unexpected inet, expecting string"));
        assertEquals(Errno.EINVAL, Nftables.errnoOf("Error: Could not process rule: Something odd"));
    }
}
