/**
 * NetBIOS Name Service (RFC 1001/1002): a decoder that never throws, and the fingerprint that tells
 * forged port-137 lookups from ordinary ones.
 */
package org.stormwatch.core.nbns;
