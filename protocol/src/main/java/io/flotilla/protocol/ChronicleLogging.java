package io.flotilla.protocol;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Chronicle logs through SLF4J, which this project binds to {@code java.util.logging}: the JDK's default backend of
 * {@code System.Logger}, so Chronicle's warnings reach the user's logging configuration. Chronicle's INFO output
 * (banners, mapping timings) is noise on a user's console, so its loggers default to WARNING unless the user's own
 * configuration already set a level for them.
 */
final class ChronicleLogging
{
    /** JUL holds loggers weakly: keep the configured ones reachable or their level is lost. */
    private static final Logger[] CONFIGURED = configure("net.openhft");

    private ChronicleLogging()
    {
    }

    /** Ensures the defaults are in place: the first call initialises this class; later calls cost nothing. */
    static void install()
    {
        NoPhoneHome.ensure();
        // class initialisation did the work
    }

    private static Logger[] configure(final String... names)
    {
        final Logger[] loggers = new Logger[names.length];
        for (int i = 0; i < names.length; i++)
        {
            loggers[i] = Logger.getLogger(names[i]);
            if (null == loggers[i].getLevel())
            {
                loggers[i].setLevel(Level.WARNING);
            }
        }
        return loggers;
    }
}
