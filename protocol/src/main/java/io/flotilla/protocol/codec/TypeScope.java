package io.flotilla.protocol.codec;

/**
 * The types one value has named so far, where no pool type table ({@link PoolTypes}) names them: the first record, enum or custom value of a type writes its definition
 * (class name, shape hash, count) and takes the next index; later ones of the type write only {@code index + 1}. A
 * list of a thousand records names their class once. Each top-level value (an argument, a result, an item of a chunk)
 * starts a scope of its own, so every value decodes without any other; a scope holds at most {@link #CAPACITY} types,
 * after which definitions take no index and are written in full each time.
 */
final class TypeScope
{
    static final int CAPACITY = 64;

    private TypeScope()
    {
    }

    /** The writer's side: classes by identity. */
    static final class Encoding
    {
        private static final ThreadLocal<Encoding> SCOPES = ThreadLocal.withInitial(Encoding::new);

        private final Class<?>[] types = new Class<?>[CAPACITY];
        private int count;
        private boolean busy;
        /** The pool type table the value is written for, or null for definitions in the value only. */
        PoolTypes poolTypes;

        static Encoding acquire(final PoolTypes poolTypes)
        {
            Encoding scope = SCOPES.get();
            if (scope.busy)
            {
                scope = new Encoding();
            }
            scope.busy = true;
            scope.count = 0;
            scope.poolTypes = poolTypes;
            return scope;
        }

        void release()
        {
            for (int i = 0; i < count; i++)
            {
                types[i] = null;
            }
            count = 0;
            poolTypes = null;
            busy = false;
        }

        /** @return the reference to write for the type, and takes it into the scope when new: 0 for "defined here". */
        int refer(final Class<?> type)
        {
            final int known = indexOf(type);
            if (known >= 0)
            {
                return known + 1;
            }
            if (count < CAPACITY)
            {
                types[count++] = type;
            }
            return 0;
        }

        private int indexOf(final Class<?> type)
        {
            for (int i = 0; i < count; i++)
            {
                if (types[i] == type)
                {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The reader's side: types by index. */
    static final class Decoding
    {
        private final WireType[] types = new WireType[CAPACITY];
        private int count;

        void reset()
        {
            for (int i = 0; i < count; i++)
            {
                types[i] = null;
            }
            count = 0;
        }

        void define(final WireType type)
        {
            if (count < CAPACITY)
            {
                types[count++] = type;
            }
        }

        /** @return the type at the reference, or null when the scope has none there. */
        WireType get(final int reference)
        {
            return reference < 1 || reference > count ? null : types[reference - 1];
        }
    }
}
