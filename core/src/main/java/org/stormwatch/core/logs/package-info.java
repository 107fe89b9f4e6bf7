/** Firewall and IDS logs of every common format, read into the same probes a capture would give. */
package org.stormwatch.core.logs;
