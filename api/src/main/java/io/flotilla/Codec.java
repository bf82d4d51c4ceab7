package io.flotilla;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes and reads values of one type that no built-in codec takes, straight into the task envelope. Register one on
 * {@link PoolConfig.Builder#codec(Codec)}; the pool's workers create their own instance of the same class (so it needs a
 * public no-argument constructor) and use it for arguments and results alike.
 * <p>
 * On the wire a value is the type's name (once per value), then the length {@link #encodedLength} gave, then the bytes
 * {@link #encode} wrote. A codec is used by many threads at once: keep no state between calls.
 *
 * @param <T> the type this codec takes; values of subclasses are taken too, and decode as what {@link #decode} returns.
 */
public interface Codec<T>
{
    /**
     * @return the class of the values this codec takes; its name travels on the wire.
     */
    Class<T> type();

    /**
     * @param value never null.
     * @return exactly the number of bytes {@link #encode} writes for the value.
     */
    int encodedLength(T value);

    /**
     * Writes the value at the offset, exactly {@link #encodedLength} bytes of it.
     *
     * @param value  never null.
     * @param buffer large enough for the value at the offset.
     * @param offset where the value starts.
     */
    void encode(T value, MutableDirectBuffer buffer, int offset);

    /**
     * Reads a value that {@link #encode} wrote; the bytes may come from a damaged or hostile file, so check what is read
     * and throw (any runtime exception, it is reported with the type named) rather than return a wrong value.
     *
     * @param buffer holds the value.
     * @param offset where the value starts.
     * @param length how many bytes {@link #encode} wrote.
     * @return the value, not null.
     */
    T decode(DirectBuffer buffer, int offset, int length);
}
