package io.flotilla.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar redrawn in place on a terminal; off a terminal, one line per quarter.
 */
final class ProgressBar
{
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private int lastShown = -1;

    ProgressBar(final PrintStream out, final String label, final long total)
    {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.terminal = null != System.console();
    }

    /** Shows the progress; cheap when nothing visible changed. */
    synchronized void update(final long done)
    {
        final int percent = (int)(100 * Math.min(done, total) / total);
        if (terminal)
        {
            if (percent != lastShown)
            {
                final int filled = percent * WIDTH / 100;
                out.print("\r  " + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "%");
                out.flush();
                lastShown = percent;
            }
        }
        else if (percent / 25 != lastShown / 25 || lastShown < 0)
        {
            out.println("  " + label + " " + percent + "%");
            lastShown = percent;
        }
    }

    synchronized void done()
    {
        update(total);
        if (terminal)
        {
            out.println();
        }
    }
}
