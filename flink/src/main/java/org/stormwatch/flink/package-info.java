/**
 * Port activity and surge detection as an Apache Flink job over Kafka: the operators hold keyed
 * state and delegate to core's aggregation and detection classes. Entry point: {@link
 * StormwatchJob}.
 */
package org.stormwatch.flink;
