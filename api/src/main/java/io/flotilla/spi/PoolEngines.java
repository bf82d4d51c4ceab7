package io.flotilla.spi;

import java.util.ServiceLoader;

/**
 * Finds the one {@link PoolEngine} on the class path, once.
 */
public final class PoolEngines
{
    private PoolEngines()
    {
    }

    /**
     * @return the engine.
     * @throws IllegalStateException naming the missing artifact when none is on the class path.
     */
    public static PoolEngine engine()
    {
        return Holder.ENGINE;
    }

    private static final class Holder
    {
        static final PoolEngine ENGINE = load();

        private static PoolEngine load()
        {
            final PoolEngine engine = ServiceLoader.load(PoolEngine.class, PoolEngine.class.getClassLoader())
                .findFirst()
                .or(() -> ServiceLoader.load(PoolEngine.class).findFirst())
                .orElseThrow(() -> new IllegalStateException(
                    "no Flotilla engine on the class path: add io.flotilla:flotilla-core (service=" +
                    PoolEngine.class.getName() + ")"));
            engine.beforeFirstUse();
            return engine;
        }
    }
}
