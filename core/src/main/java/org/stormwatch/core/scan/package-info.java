/**
 * Tells scanners from other sources: a first-contact test where replies are seen, windows where
 * not.
 */
package org.stormwatch.core.scan;
