package io.flotilla.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The baseline a straightforward Java implementation would use: a child JVM that reads length-prefixed frames from
 * stdin and writes each back to stdout. Exits at end of input.
 */
public final class PipeEchoChild
{
    private PipeEchoChild()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        final DataOutputStream out = new DataOutputStream(new BufferedOutputStream(System.out, 1 << 16));
        byte[] frame = new byte[64];
        while (true)
        {
            final int length;
            try
            {
                length = in.readInt();
            }
            catch (final EOFException ex)
            {
                return;
            }
            if (length > frame.length)
            {
                frame = new byte[length];
            }
            in.readFully(frame, 0, length);
            out.writeInt(length);
            out.write(frame, 0, length);
            out.flush();
        }
    }
}
