package io.flotilla.tools;

import java.io.PrintStream;

/**
 * A one-line progress bar redrawn in place on a terminal. Off a terminal (output piped or redirected to a file) or when
 * turned off ({@code --no-progress}) it prints nothing, so that logs and captured output hold only results.
 */
public final class ProgressBar
{
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private int lastShown = -1;
    private String lastNote = "";

    public ProgressBar(final PrintStream out, final String label, final long total)
    {
        this(out, label, total, true);
    }

    /** @param shown false for {@code --no-progress}: nothing is printed. */
    public ProgressBar(final PrintStream out, final String label, final long total, final boolean shown)
    {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.terminal = shown && null != System.console();
    }

    /** Shows the progress; cheap when nothing visible changed. */
    public synchronized void update(final long done)
    {
        update(done, "");
    }

    /** Shows the progress and what is being done now. */
    public synchronized void update(final long done, final String note)
    {
        final int percent = (int)(100 * Math.min(done, total) / total);
        if (terminal)
        {
            if (percent != lastShown || !note.equals(lastNote))
            {
                final int filled = percent * WIDTH / 100;
                out.print("\r  " + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% " +
                    note + " ".repeat(Math.max(0, lastNote.length() - note.length())));
                out.flush();
                lastShown = percent;
                lastNote = note;
            }
        }
    }

    public synchronized void done()
    {
        update(total);
        if (terminal)
        {
            out.println();
        }
    }
}
