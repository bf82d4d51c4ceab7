package io.flotilla.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;

/**
 * The directories and files another local user must not be able to change: the pool base and everything under it,
 * the AOT cache. A trusted directory is a real directory (not a symbolic link), owned by this process's user, with
 * mode exactly 0700; a trusted file is a regular file owned by this user that neither group nor others may write.
 * Nothing here follows a symbolic link in the last component of a path; components above it are the caller's choice.
 * <p>
 * On a file system without POSIX owners and modes only the symbolic link and type checks apply.
 */
public final class PrivatePaths
{
    /** The only mode a trusted directory has. */
    public static final int DIRECTORY_MODE = 0700;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final int PERMISSION_BITS = 0777;
    private static final int GROUP_OTHER_WRITE = 0022;
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int REGULAR_FILE = 0100000;

    private PrivatePaths()
    {
    }

    /**
     * Makes sure {@code dir} is a trusted directory: creates it with mode 0700 when missing (and any missing directory
     * above it, each 0700), and checks it either way.
     *
     * @return {@code dir}.
     * @throws IpcException naming the path, its owner and mode, and how to fix it, when it is not trusted.
     */
    public static Path ensureDirectory(final Path dir)
    {
        try
        {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS))
            {
                createMissing(dir);
            }
            checkDirectory(dir);
            return dir;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create directory: path=" + dir, ex);
        }
    }

    /**
     * Creates a new directory with mode 0700 (exactly: the umask does not narrow it); its parent must exist.
     *
     * @throws FileAlreadyExistsException when anything, a symbolic link included, has that name.
     */
    public static void createDirectory(final Path dir) throws IOException
    {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix"))
        {
            Files.createDirectory(dir);
            return;
        }
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        // the umask may have taken bits away; set the mode exactly, on the directory itself, never through a link
        Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(OWNER_ONLY);
    }

    /**
     * @throws IpcException naming the path, its owner and mode, and how to fix it, when {@code dir} is not a trusted
     * directory.
     */
    public static void checkDirectory(final Path dir)
    {
        final String problem;
        try
        {
            problem = directoryProblem(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read directory attributes: path=" + dir, ex);
        }
        if (null != problem)
        {
            throw new IpcException(problem);
        }
    }

    /**
     * @return what makes {@code dir} untrusted, naming path, owner, mode and the fix; null when it is trusted.
     * @throws NoSuchFileException when nothing has that name.
     */
    public static String directoryProblem(final Path dir) throws IOException
    {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("unix"))
        {
            final BasicFileAttributes basic = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return basic.isSymbolicLink() ? symbolicLink(dir) :
                basic.isDirectory() ? null : "untrusted directory: path=" + dir + ", problem=not a directory";
        }
        final Map<String, Object> attributes = Files.readAttributes(dir, "unix:*", LinkOption.NOFOLLOW_LINKS);
        if (Boolean.TRUE.equals(attributes.get("isSymbolicLink")))
        {
            return symbolicLink(dir);
        }
        final String detail = describe(dir, attributes);
        if (!Boolean.TRUE.equals(attributes.get("isDirectory")))
        {
            return "untrusted directory: " + detail + ", problem=not a directory; remove it or pick another path";
        }
        final long uid = ((Number)attributes.get("uid")).longValue();
        if (uid != CurrentUser.uid())
        {
            return "untrusted directory: " + detail + ", problem=owned by another user, expected uid=" +
                CurrentUser.uid() + "; another user may have made it to read or change this user's files: " +
                "have it removed (by its owner or root: rm -r " + dir + "), or pick another path";
        }
        final int mode = ((Number)attributes.get("mode")).intValue();
        if (DIRECTORY_MODE != (mode & PERMISSION_BITS))
        {
            return "untrusted directory: " + detail + ", problem=mode is not 0700, group and others must have no " +
                "access; check nothing in it was changed by someone else, then: chmod 700 " + dir;
        }
        return null;
    }

    /**
     * @return what makes {@code file} untrusted (a symbolic link, not a regular file, owned by another user, writable by
     * group or others), naming path, owner, mode and the fix; null when it is trusted.
     * @throws NoSuchFileException when nothing has that name.
     */
    public static String fileProblem(final Path file) throws IOException
    {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("unix"))
        {
            final BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return basic.isRegularFile() ? null : "untrusted file: path=" + file + ", problem=not a regular file";
        }
        final Map<String, Object> attributes = Files.readAttributes(file, "unix:*", LinkOption.NOFOLLOW_LINKS);
        final String detail = describe(file, attributes);
        final int mode = ((Number)attributes.get("mode")).intValue();
        if (REGULAR_FILE != (mode & FILE_TYPE_MASK))
        {
            return "untrusted file: " + detail + ", problem=not a regular file (a symbolic link or other); rm " + file;
        }
        final long uid = ((Number)attributes.get("uid")).longValue();
        if (uid != CurrentUser.uid())
        {
            return "untrusted file: " + detail + ", problem=owned by another user, expected uid=" + CurrentUser.uid() +
                "; have it removed (by its owner or root: rm " + file + ")";
        }
        if (0 != (mode & GROUP_OTHER_WRITE))
        {
            return "untrusted file: " + detail + ", problem=writable by group or others; rm " + file;
        }
        return null;
    }

    private static void createMissing(final Path dir) throws IOException
    {
        final Path parent = dir.toAbsolutePath().getParent();
        if (null != parent && !Files.exists(parent, LinkOption.NOFOLLOW_LINKS))
        {
            createMissing(parent);
        }
        try
        {
            createDirectory(dir);
        }
        catch (final FileAlreadyExistsException ex)
        {
            // made at the same moment by another process, or by someone else: the caller checks what it is
        }
    }

    private static String describe(final Path path, final Map<String, Object> attributes)
    {
        final Object owner = attributes.get("owner");
        return "path=" + path + ", owner=" + (owner instanceof UserPrincipal user ? user.getName() : owner) +
            ", uid=" + attributes.get("uid") + ", mode=" +
            String.format("%04o", ((Number)attributes.get("mode")).intValue() & 07777);
    }

    private static String symbolicLink(final Path path)
    {
        String target;
        try
        {
            target = Files.readSymbolicLink(path).toString();
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            target = "?";
        }
        return "untrusted directory: path=" + path + ", problem=is a symbolic link, target=" + target +
            "; links are never followed here: remove the link (rm " + path + ") or give the real directory";
    }
}
