package io.flotilla.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Removes a directory tree relative to opened directories ({@link SecureDirectoryStream}: {@code openat},
 * {@code unlinkat}), so that renaming a directory of the tree, or swapping it for a symbolic link, while the tree is
 * being removed never makes it remove anything outside the tree. A symbolic link is removed as a link, its target
 * untouched; a directory on another device (a mount point) is not entered: the removal stops with an
 * {@link IpcException} naming it.
 * <p>
 * Where the platform has no secure directory stream, the tree is walked without following links (not safe against
 * a concurrent swap).
 */
final class TreeRemover
{
    /** Deepest tree removed; pool directories are two levels deep. */
    static final int MAX_DEPTH = 64;

    private static final long UNKNOWN_DEVICE = Long.MIN_VALUE;

    private TreeRemover()
    {
    }

    /**
     * Removes {@code root} and everything under it; a missing root is not an error, a root that is a symbolic link
     * is removed as a link.
     */
    static void remove(final Path root)
    {
        final Path absolute = root.toAbsolutePath();
        final Path parent = absolute.getParent();
        if (null == parent)
        {
            throw new IllegalArgumentException("will not remove a file system root: path=" + root);
        }
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent))
        {
            if (stream instanceof SecureDirectoryStream<Path> secure)
            {
                removeEntry(secure, parent, absolute.getFileName());
            }
            else
            {
                removeByWalk(absolute);
            }
        }
        catch (final NoSuchFileException ex)
        {
            // gone already
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot remove directory tree: path=" + root, ex);
        }
    }

    /**
     * Removes the entry {@code name} of the opened directory {@code parent} and, when it is a directory, everything
     * under it.
     *
     * @param parentPath the path {@code parent} was opened at: for messages and the mount check only.
     */
    static void removeEntry(final SecureDirectoryStream<Path> parent, final Path parentPath, final Path name)
        throws IOException
    {
        removeEntry(parent, parentPath, name, UNKNOWN_DEVICE, 0);
    }

    private static void removeEntry(
        final SecureDirectoryStream<Path> parent, final Path parentPath, final Path name, final long rootDevice,
        final int depth) throws IOException
    {
        final Path path = parentPath.resolve(name);
        final BasicFileAttributes attributes;
        try
        {
            attributes = parent.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
        }
        catch (final NoSuchFileException ex)
        {
            return;
        }
        if (!attributes.isDirectory())
        {
            // a file, or a symbolic link removed as a link (unlinkat never follows one)
            deleteFile(parent, name);
            return;
        }
        if (depth >= MAX_DEPTH)
        {
            throw new IpcException("directory tree too deep to remove: path=" + path + ", maxDepth=" + MAX_DEPTH);
        }
        try (SecureDirectoryStream<Path> dir = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS))
        {
            final long device = device(dir, path);
            if (UNKNOWN_DEVICE != rootDevice && UNKNOWN_DEVICE != device && device != rootDevice)
            {
                throw new IpcException("not removing across a mount point: path=" + path + ", device=" + device +
                    ", treeDevice=" + rootDevice + "; unmount it, then remove the tree");
            }
            final List<Path> names = new ArrayList<>();
            for (final Path entry : dir)
            {
                names.add(entry.getFileName());
            }
            for (final Path entry : names)
            {
                removeEntry(dir, path, entry, UNKNOWN_DEVICE == rootDevice ? device : rootDevice, depth + 1);
            }
        }
        catch (final NoSuchFileException ex)
        {
            return;
        }
        try
        {
            parent.deleteDirectory(name);
        }
        catch (final NoSuchFileException ex)
        {
            // removed meanwhile
        }
        catch (final DirectoryNotEmptyException ex)
        {
            throw new IpcException("cannot remove directory, something still writes into it: path=" + path, ex);
        }
    }

    /**
     * @return the device of the opened directory: read by path, and trusted only when the file read by path is the one
     * opened (same device and inode), so a rename in between makes the removal stop instead of guess.
     */
    private static long device(final SecureDirectoryStream<Path> dir, final Path path) throws IOException
    {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("unix"))
        {
            return UNKNOWN_DEVICE;
        }
        final Map<String, Object> byPath = Files.readAttributes(path, "unix:dev,fileKey", LinkOption.NOFOLLOW_LINKS);
        final Object opened = dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
        if (null == opened || !opened.equals(byPath.get("fileKey")))
        {
            throw new IpcException("directory changed while its tree was being removed: path=" + path +
                ", opened=" + opened + ", atPath=" + byPath.get("fileKey"));
        }
        return ((Number)byPath.get("dev")).longValue();
    }

    private static void deleteFile(final SecureDirectoryStream<Path> parent, final Path name) throws IOException
    {
        try
        {
            parent.deleteFile(name);
        }
        catch (final NoSuchFileException ex)
        {
            // removed meanwhile
        }
    }

    private static void removeByWalk(final Path root) throws IOException
    {
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path p : walk.sorted(Comparator.reverseOrder()).toList())
            {
                try
                {
                    Files.deleteIfExists(p);
                }
                catch (final DirectoryNotEmptyException ex)
                {
                    throw new IpcException("cannot remove directory, something still writes into it: path=" + p, ex);
                }
            }
        }
    }
}
