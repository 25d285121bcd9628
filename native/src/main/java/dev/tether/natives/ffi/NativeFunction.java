package dev.tether.natives.ffi;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Type;

/**
 * One C function of a {@link NativeLibrary}. Arguments go as 64-bit words (an int in the low
 * half, a pointer as its address: see {@link NativeMemory}); the result comes back the same way.
 */
public final class NativeFunction {
    private static final Invoker INVOKER = Invoker.getInstance();

    private final String name;
    private final long address;
    private final CallContext context;
    private final int arity;

    NativeFunction(String name, long address, CType result, CType... parameters) {
        Type[] types = new Type[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            types[i] = parameters[i].jffi;
        }
        this.name = name;
        this.address = address;
        this.context = CallContext.getCallContext(result.jffi, types, CallingConvention.DEFAULT, true);
        this.arity = parameters.length;
    }

    /** Calls the function; an int result is the low half of the returned word. */
    public long call(long... args) {
        if (args.length != arity) {
            throw new IllegalArgumentException(name + " takes " + arity + " arguments, not " + args.length);
        }
        return switch (arity) {
            case 0 -> INVOKER.invokeN0(context, address);
            case 1 -> INVOKER.invokeN1(context, address, args[0]);
            case 2 -> INVOKER.invokeN2(context, address, args[0], args[1]);
            case 3 -> INVOKER.invokeN3(context, address, args[0], args[1], args[2]);
            case 4 -> INVOKER.invokeN4(context, address, args[0], args[1], args[2], args[3]);
            case 5 -> INVOKER.invokeN5(context, address, args[0], args[1], args[2], args[3], args[4]);
            case 6 -> INVOKER.invokeN6(context, address, args[0], args[1], args[2], args[3], args[4], args[5]);
            default -> throw new IllegalArgumentException(name + ": more than 6 arguments");
        };
    }

    /** Calls the function for its int result. */
    public int callInt(long... args) {
        return (int) call(args);
    }

    /** errno as the last call through any NativeFunction on this thread left it. */
    public static int errno() {
        return LastError.getInstance().get();
    }

    @Override
    public String toString() {
        return name;
    }
}
