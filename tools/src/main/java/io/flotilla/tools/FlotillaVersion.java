package io.flotilla.tools;

import picocli.CommandLine;

/**
 * {@code flotilla --version}: the version of the jars it runs from (their manifests' Implementation-Version), and
 * the JVM's.
 */
final class FlotillaVersion implements CommandLine.IVersionProvider
{
    @Override
    public String[] getVersion()
    {
        final String version = FlotillaVersion.class.getPackage().getImplementationVersion();
        return new String[] {
            "flotilla " + (null == version ? "(built from classes, no jar manifest)" : version),
            "java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
