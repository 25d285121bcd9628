package dev.tether.natives.ffi;

import com.kenai.jffi.Library;

/**
 * A shared library opened by soname (dlopen), whose functions are bound one by one. Tether binds
 * through jffi, the invoker under jnr-ffi, rather than jnr-ffi's interface binding: that costs an
 * exec'd plugin ~80 ms of reflection and proxy classes per process, none of which a class-data
 * archive can keep, where a function bound here is a symbol address and a call descriptor.
 */
public final class NativeLibrary {
    private final String soname;
    private final Library library;

    private NativeLibrary(String soname, Library library) {
        this.soname = soname;
        this.library = library;
    }

    /**
     * Opens the library by its soname (e.g. "libc.so.6": dlopen finds it at once).
     *
     * @throws UnsatisfiedLinkError if the library is not installed
     */
    public static NativeLibrary open(String soname) {
        Library library = Library.getCachedInstance(soname, Library.LAZY | Library.LOCAL);
        if (library == null) {
            throw new UnsatisfiedLinkError("cannot load " + soname + ": " + Library.getLastError());
        }
        return new NativeLibrary(soname, library);
    }

    /**
     * The function of that name and C signature. errno is saved after every call, for
     * {@link NativeFunction#errno()}.
     *
     * @throws UnsatisfiedLinkError if the library has no such symbol
     */
    public NativeFunction function(String name, CType result, CType... parameters) {
        long address = library.getSymbolAddress(name);
        if (address == 0) {
            throw new UnsatisfiedLinkError(soname + " has no function " + name);
        }
        return new NativeFunction(name, address, result, parameters);
    }
}
