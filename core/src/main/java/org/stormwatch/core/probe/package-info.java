/** What counts as a probe, and the path from captured packets to probes. */
package org.stormwatch.core.probe;
