/**
 * Scenario simulation: seeded background scanning plus outbreaks, streamed in time order as probes
 * with their packet bytes, written as captures or firewall logs, with a ground-truth file.
 */
package org.stormwatch.core.sim;
