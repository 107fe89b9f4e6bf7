/** Streaming readers and writers for pcap and pcapng captures, free of native libpcap. */
package org.stormwatch.core.capture;
