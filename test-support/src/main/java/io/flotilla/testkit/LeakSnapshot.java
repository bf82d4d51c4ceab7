package io.flotilla.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What this JVM holds at one moment that a test could leave behind: live descendant processes, live threads named
 * {@code flotilla*}, mapped pool files and pool directories it is the parent of. {@link #newSince} names what a later
 * snapshot holds that an earlier one did not.
 */
final class LeakSnapshot
{
    static final String THREAD_PREFIX = "flotilla";

    /** pid to a description; keyed with the start time so that a reused pid is a new process. */
    private final Map<String, String> processes;
    /** thread id to name and state. */
    private final Map<Long, String> threads;
    /** pool directory to the files of it that are mapped. */
    private final Map<String, Set<String>> mappings;
    private final Set<Path> directories;
    private final Set<Long> pids;

    private LeakSnapshot(
        final Map<String, String> processes,
        final Map<Long, String> threads,
        final Map<String, Set<String>> mappings,
        final Set<Path> directories,
        final Set<Long> pids)
    {
        this.processes = processes;
        this.threads = threads;
        this.mappings = mappings;
        this.directories = directories;
        this.pids = pids;
    }

    /** @param knownPids pids of earlier children (they may be gone now) whose pool directories count as this JVM's. */
    static LeakSnapshot take(final PoolFiles files, final Set<Long> knownPids)
    {
        final Map<String, String> processes = new TreeMap<>();
        final Set<Long> pids = new HashSet<>();
        for (final long known : knownPids)
        {
            // a dead child's pool still counts; a pid now alive outside this JVM's tree was reused by someone else
            if (ProcessHandle.of(known).filter(ProcessHandle::isAlive).isEmpty())
            {
                pids.add(known);
            }
        }
        pids.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(process ->
        {
            pids.add(process.pid());
            final ProcessHandle.Info info = process.info();
            processes.put(process.pid() + "@" + info.startInstant().map(Object::toString).orElse("?"),
                "pid=" + process.pid() + " command=" + info.commandLine().map(LeakSnapshot::shorten).orElse("?"));
        });

        final Map<Long, String> threads = new TreeMap<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.isAlive() && thread.getName().startsWith(THREAD_PREFIX))
            {
                threads.put(thread.threadId(), thread.getName() + " (" + thread.getState() + ")");
            }
        }
        return new LeakSnapshot(processes, threads, files.mappedFiles(), files.directoriesOf(pids), pids);
    }

    Set<Long> pids()
    {
        return pids;
    }

    /**
     * @return the processes, threads and pool directories this snapshot holds that {@code before} did not, one line per
     * kind; empty when none.
     */
    List<String> newSince(final LeakSnapshot before)
    {
        final List<String> leaks = new ArrayList<>();
        add(leaks, "processes", processes.entrySet().stream()
            .filter(e -> !before.processes.containsKey(e.getKey())).map(Map.Entry::getValue).toList());
        add(leaks, "threads", threads.entrySet().stream()
            .filter(e -> !before.threads.containsKey(e.getKey())).map(Map.Entry::getValue).toList());
        add(leaks, "poolDirectories", directories.stream()
            .filter(d -> !before.directories.contains(d)).map(Path::toString).toList());
        return leaks;
    }

    /**
     * @return the mapped files of pools that had no mapping in {@code before}: a pool that was there before may map
     * and unmap parts of its queues as it goes, which is no leak.
     */
    List<String> newMappings(final LeakSnapshot before)
    {
        return mappings.entrySet().stream().filter(e -> !before.mappings.containsKey(e.getKey()))
            .flatMap(e -> e.getValue().stream()).toList();
    }

    private static void add(final List<String> leaks, final String kind, final List<String> found)
    {
        if (!found.isEmpty())
        {
            leaks.add(kind + "=" + found.stream().collect(Collectors.joining(", ", "[", "]")));
        }
    }

    private static String shorten(final String commandLine)
    {
        // the class path is long and says little: the executable and the tail (main class, arguments) say which
        return commandLine.length() <= 300 ? commandLine :
            commandLine.substring(0, 60) + " ... " + commandLine.substring(commandLine.length() - 200);
    }
}
