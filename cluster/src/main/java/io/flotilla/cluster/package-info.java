/**
 * The {@link io.flotilla.Pool} API across machines on Hazelcast: each machine runs a node (a Hazelcast member with a
 * local pool), and a cluster pool sends chunks of tasks to nodes, which run them on their worker JVMs through shared
 * memory.
 */
package io.flotilla.cluster;
