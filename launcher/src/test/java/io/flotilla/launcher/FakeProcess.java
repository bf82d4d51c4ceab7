package io.flotilla.launcher;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/** A process that is not one: the test says when it ends and how; it prints nothing. */
final class FakeProcess extends Process
{
    private final long pid;
    private volatile boolean alive = true;
    private volatile int exitValue;

    FakeProcess(final long pid)
    {
        this.pid = pid;
    }

    /** Ends the process with that exit value. */
    void exit(final int exitValue)
    {
        this.exitValue = exitValue;
        alive = false;
    }

    @Override
    public long pid()
    {
        return pid;
    }

    @Override
    public OutputStream getOutputStream()
    {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream()
    {
        return new ByteArrayInputStream(new byte[0]);
    }

    @Override
    public InputStream getErrorStream()
    {
        return new ByteArrayInputStream(new byte[0]);
    }

    @Override
    public int waitFor()
    {
        if (alive)
        {
            throw new UnsupportedOperationException("a fake process ends only when the test says so: pid=" + pid);
        }
        return exitValue;
    }

    @Override
    public boolean waitFor(final long timeout, final TimeUnit unit)
    {
        return !alive;
    }

    @Override
    public boolean isAlive()
    {
        return alive;
    }

    @Override
    public int exitValue()
    {
        if (alive)
        {
            throw new IllegalThreadStateException("process has not exited: pid=" + pid);
        }
        return exitValue;
    }

    @Override
    public void destroy()
    {
        exit(143);
    }

    @Override
    public Process destroyForcibly()
    {
        exit(137);
        return this;
    }
}
