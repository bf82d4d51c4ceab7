/**
 * Flotilla's public API: {@link io.flotilla.Pool} and what it takes and gives. {@code io.flotilla.spi} is for the
 * engine that runs pools ({@code flotilla-core}), found with {@link java.util.ServiceLoader}; applications do not use it.
 */
module io.flotilla.api
{
    requires transitive org.agrona;

    exports io.flotilla;
    exports io.flotilla.spi;

    uses io.flotilla.spi.PoolEngine;
}
