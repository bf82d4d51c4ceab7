package io.flotilla.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tasks and chunks a pool has sent and not yet ended, by task id. Removing an entry is the one way it ends, so the
 * shards' loads and the in-flight room stay exact: every removal gives both back once.
 */
final class PendingTasks
{
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final ShardLoad shardLoad;
    private final InFlightLimit inFlight;

    PendingTasks(final ShardLoad shardLoad, final InFlightLimit inFlight)
    {
        this.shardLoad = shardLoad;
        this.inFlight = inFlight;
    }

    /** Adds an entry whose shard load and in-flight room the caller has taken. */
    void add(final Pending entry)
    {
        pending.put(entry.taskId, entry);
    }

    /** @return the entry of that task, or null when it has ended. */
    Pending get(final long taskId)
    {
        return pending.get(taskId);
    }

    /** @return the entry of that task, now removed, or null when it had ended already. */
    Pending remove(final long taskId)
    {
        final Pending entry = pending.remove(taskId);
        if (null != entry)
        {
            ended(entry);
        }
        return entry;
    }

    /** @return whether this very entry was still pending and is now removed. */
    boolean remove(final long taskId, final Pending entry)
    {
        if (pending.remove(taskId, entry))
        {
            ended(entry);
            return true;
        }
        return false;
    }

    /** Removes every entry and fails its sink with the cause. */
    void failAll(final RuntimeException cause)
    {
        for (final Long taskId : List.copyOf(pending.keySet()))
        {
            final Pending entry = remove(taskId);
            if (null != entry)
            {
                entry.sink.fail(cause);
            }
        }
    }

    boolean isEmpty()
    {
        return pending.isEmpty();
    }

    int size()
    {
        return pending.size();
    }

    private void ended(final Pending entry)
    {
        shardLoad.ended(entry.shard);
        inFlight.give();
    }
}
