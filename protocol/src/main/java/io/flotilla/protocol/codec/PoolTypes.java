package io.flotilla.protocol.codec;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pool's table of record, enum and custom types, shared by its parent and workers in the file {@link #FILE} of the
 * pool directory: a type's definition (tag, shape hash, count, class name) crosses once per pool, in a slot of the
 * file, and values name it by the slot's id (a varint, often one byte) instead of by name.
 * <pre>
 *   slot 0       int magic, int version                                 (the header)
 *   slot id      int name length, int shape, int count, byte tag, 3 spare, name (UTF-8)   (SLOT bytes each)
 * </pre>
 * A process appends a slot the first time it writes a type, under an exclusive lock of the file, and writes the id only
 * after the slot is in the file, so a reader that meets an id finds its slot. Two processes may give one type two ids;
 * both read back the same. Nothing is kept open or mapped: the file is opened for each append and each first read of an
 * id, both once per type per process. A type whose name does not fit a slot, or any failure to use the file, falls back
 * to the definition inline in the value ({@link TypeScope}).
 */
public final class PoolTypes
{
    public static final String FILE = "types.dat";
    static final int SLOT = 256;
    static final int MAGIC = 0x464C5459; // "FLTY"
    static final int VERSION = 1;
    static final int MAX_NAME = SLOT - 16;
    static final int MAX_TYPES = 1 << 16;
    private static final int NAME_OFFSET = 16;
    private static final FileAttribute<Set<java.nio.file.attribute.PosixFilePermission>> OWNER_ONLY =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private static volatile PoolTypes processDefault;

    private final Path file;
    private final boolean readOnly;
    private final ConcurrentHashMap<WireType, Integer> ids = new ConcurrentHashMap<>();
    private volatile WireType[] byId = new WireType[16];

    private PoolTypes(final Path file, final boolean readOnly)
    {
        this.file = file;
        this.readOnly = readOnly;
    }

    /** @return the table of the pool in the directory, to write and read values with. */
    public static PoolTypes of(final Path poolDirectory)
    {
        return new PoolTypes(poolDirectory.resolve(FILE), false);
    }

    /** @return the table of the pool in the directory, to read values with only (a tool's). */
    public static PoolTypes readOnly(final Path poolDirectory)
    {
        return new PoolTypes(poolDirectory.resolve(FILE), true);
    }

    /**
     * Makes the table the one this process writes and reads values with when no other is given: a worker's, which
     * serves one pool, or a tool's reading one pool's files.
     */
    public static void useForProcess(final PoolTypes types)
    {
        processDefault = types;
    }

    static PoolTypes processDefault()
    {
        return processDefault;
    }

    /** A type's id in one table, kept on the type for the table it met first (most processes have one). */
    record Assignment(PoolTypes table, int id)
    {
    }

    /** @return the type's id here, appending its definition the first time; 0 when it travels inline instead. */
    int idOf(final WireType type)
    {
        final Assignment assignment = type.assignment;
        if (null != assignment && assignment.table == this)
        {
            return assignment.id;
        }
        final Integer known = ids.get(type);
        if (null != known)
        {
            return known;
        }
        synchronized (this)
        {
            final Integer again = ids.get(type);
            if (null != again)
            {
                return again;
            }
            final int id = readOnly || type.nameBytes.length > MAX_NAME ? 0 : append(type);
            ids.put(type, id);
            if (0 != id)
            {
                remember(id, type);
                if (null == type.assignment)
                {
                    type.assignment = new Assignment(this, id);
                }
            }
            return id;
        }
    }

    private int append(final WireType type)
    {
        final OpenOption[] options = {StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE};
        try (FileChannel channel = isPosix() ? FileChannel.open(file, Set.of(options), OWNER_ONLY) :
            FileChannel.open(file, options))
        {
            final FileLock lock = channel.lock();
            try
            {
                return append(channel, type);
            }
            finally
            {
                lock.release();
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return 0; // the value names its type inline instead
        }
    }

    private static int append(final FileChannel channel, final WireType type) throws IOException
    {
        long size = channel.size();
        if (size < SLOT)
        {
            final ByteBuffer header = ByteBuffer.allocate(SLOT).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0, MAGIC).putInt(4, VERSION);
            write(channel, header, 0);
            size = SLOT;
        }
        final long id = size / SLOT;
        if (id >= MAX_TYPES || size % SLOT != 0)
        {
            return 0;
        }
        final ByteBuffer slot = ByteBuffer.allocate(SLOT).order(ByteOrder.LITTLE_ENDIAN);
        slot.putInt(0, type.nameBytes.length).putInt(4, type.shape).putInt(8, type.count).put(12, type.tag);
        slot.put(NAME_OFFSET, type.nameBytes);
        write(channel, slot, id * SLOT);
        return (int)id;
    }

    private static boolean isPosix()
    {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void write(final FileChannel channel, final ByteBuffer buffer, final long position)
        throws IOException
    {
        long at = position;
        while (buffer.hasRemaining())
        {
            at += channel.write(buffer, at);
        }
    }

    private void remember(final int id, final WireType type)
    {
        WireType[] table = byId;
        if (id >= table.length)
        {
            table = java.util.Arrays.copyOf(table, Math.max(id + 1, 2 * table.length));
        }
        else
        {
            table = table.clone();
        }
        table[id] = type;
        byId = table;
    }

    /**
     * @return the type with the id, read from the file the first time.
     * @throws IllegalStateException naming the id when the file has no such type, or it cannot be read here.
     */
    WireType typeOf(final int id, final byte tag, final WireReader reader)
    {
        final WireType[] table = byId;
        if (id < table.length && null != table[id])
        {
            return table[id];
        }
        if (id < 1 || id >= MAX_TYPES)
        {
            throw reader.corrupt("pool type id out of range: id=" + id);
        }
        final ByteBuffer slot = ByteBuffer.allocate(SLOT).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            while (slot.hasRemaining())
            {
                if (channel.read(slot, (long)id * SLOT + slot.position()) < 0)
                {
                    throw reader.corrupt("no such pool type: id=" + id + ", file=" + file);
                }
            }
        }
        catch (final NoSuchFileException ex)
        {
            throw reader.corrupt("no pool type file for type id=" + id + ": file=" + file);
        }
        catch (final IOException ex)
        {
            throw reader.corrupt("cannot read the pool type file: id=" + id + ", file=" + file + ", problem=" + ex);
        }
        final int nameLength = slot.getInt(0);
        final byte slotTag = slot.get(12);
        if (nameLength < 1 || nameLength > MAX_NAME || slotTag != tag)
        {
            throw reader.corrupt("pool type slot does not fit: id=" + id + ", nameLength=" + nameLength + ", tag=" +
                slotTag + ", expected tag=" + tag);
        }
        final UnsafeBuffer bytes = new UnsafeBuffer(slot);
        final String name = new String(slot.array(), NAME_OFFSET, nameLength, StandardCharsets.UTF_8);
        final WireType type = TypeTable.resolve(slotTag, reader, bytes, NAME_OFFSET, nameLength, slot.getInt(4),
            slot.getInt(8), name);
        if (!(type instanceof UnknownType))
        {
            synchronized (this)
            {
                remember(id, type);
            }
        }
        return type;
    }

    /** @return whether the file exists, for tests. */
    boolean exists()
    {
        return Files.exists(file);
    }
}
