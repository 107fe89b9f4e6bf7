/** The compact, versioned binary form of probes that travels on Kafka: {@link ProbeCodec}. */
package org.stormwatch.core.codec;
