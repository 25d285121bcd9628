package dev.tether.natives.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NativeExceptionTest {

    @Test
    void messageNamesOperationErrnoAndDetail() {
        NativeException e = NativeException.of(Errno.EEXIST, "RTM_NEWLINK veth tt0", null);
        assertEquals("RTM_NEWLINK veth tt0: File exists (EEXIST)", e.getMessage());
        assertEquals("EEXIST", e.errnoName());
        assertTrue(e.detail().isEmpty());
        NativeException withDetail = NativeException.of(Errno.EINVAL, "RTM_NEWLINK br0 mtu 10", "mtu less than device minimum");
        assertEquals("RTM_NEWLINK br0 mtu 10: Invalid argument (EINVAL): mtu less than device minimum", withDetail.getMessage());
    }

    @Test
    void subtypesForTheCasesCallersBranchOn() {
        for (int errno : new int[] {Errno.ENOENT, Errno.ESRCH, Errno.ENXIO, Errno.ENODEV}) {
            assertInstanceOf(NotFoundException.class, NativeException.of(errno, "op", null));
        }
        assertInstanceOf(AlreadyExistsException.class, NativeException.of(Errno.EEXIST, "op", null));
        assertEquals(NativeException.class, NativeException.of(Errno.EINVAL, "op", null).getClass());
    }

    @Test
    void errnoTable() {
        assertEquals("ENODEV", Errno.name(19));
        assertEquals("No such device", Errno.message(19));
        assertEquals("EOPNOTSUPP", Errno.name(95));
        assertEquals("errno 524", Errno.name(524));
        assertEquals("Unknown error 524", Errno.message(524));
        assertEquals(Errno.ENOENT, Errno.fromMessage("No such file or directory"));
        assertEquals(0, Errno.fromMessage("no such thing"));
    }
}
