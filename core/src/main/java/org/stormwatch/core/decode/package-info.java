/**
 * Link, network and transport header decoding of captured packets, in place and allocation-free.
 */
package org.stormwatch.core.decode;
