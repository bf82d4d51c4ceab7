package io.flotilla.protocol;

/**
 * Keeps Flotilla's dependencies from phoning home, whatever flags the JVM was started with: Chronicle's analytics
 * (which otherwise writes {@code ~/.chronicle.analytics.client.id} and sends events to an analytics service) and
 * Hazelcast's phone-home. Both read a system property when their classes initialise, so every Flotilla entry point
 * that can lead to them calls {@link #ensure()} first (the pool's configuration, the queue and counters code, the
 * worker and standby mains, the cluster setup). A value the user set is overridden: there is no opting back in.
 */
public final class NoPhoneHome
{
    public static final String CHRONICLE_ANALYTICS_DISABLE = "chronicle.analytics.disable";
    public static final String HAZELCAST_PHONE_HOME_ENABLED = "hazelcast.phone.home.enabled";

    static
    {
        apply();
    }

    private NoPhoneHome()
    {
    }

    /** Sets the properties; idempotent and cheap after the first call (the class initialiser did the work). */
    public static void ensure()
    {
        if (!"true".equals(System.getProperty(CHRONICLE_ANALYTICS_DISABLE)) ||
            !"false".equals(System.getProperty(HAZELCAST_PHONE_HOME_ENABLED)))
        {
            apply();
        }
    }

    private static void apply()
    {
        System.setProperty(CHRONICLE_ANALYTICS_DISABLE, "true");
        System.setProperty(HAZELCAST_PHONE_HOME_ENABLED, "false");
    }
}
